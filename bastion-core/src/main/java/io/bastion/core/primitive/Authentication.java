package io.bastion.core.primitive;

import java.util.Set;

/**
 * What the transport authenticated about a peer: nothing, a verified credential and the IDs it may use, or a credential
 * that was verified once but has since been revoked.
 */
public sealed interface Authentication {

    /** True when a security association authenticated the peer (the {@code rq_authn} of TS-0003 7.1.2). */
    boolean authenticated();

    static Authentication none() {
        return Unauthenticated.INSTANCE;
    }

    /** No credential was proved (plain HTTP, plain CoAP). */
    enum Unauthenticated implements Authentication {
        INSTANCE;

        @Override
        public boolean authenticated() {
            return false;
        }
    }

    /**
     * A credential proved by a security association.
     *
     * @param credentialId the Credential-ID of TS-0003 10.4 (e.g. {@code 12-<KpsaID>})
     * @param allowedOriginators the AE-IDs / CSE-IDs this association may use as {@code fr}
     */
    record Verified(String credentialId, Set<String> allowedOriginators) implements Authentication {
        public Verified {
            allowedOriginators = Set.copyOf(allowedOriginators);
        }

        @Override
        public boolean authenticated() {
            return true;
        }
    }

    /**
     * A security association that is still open but whose credential was withdrawn after its handshake (a PSK
     * removed or re-keyed, a CA no longer trusted, a certificate revoked): it authenticates nothing any more, and the
     * CSE refuses every request over it (4107) so that the door can close it.
     *
     * @param credentialId the Credential-ID the handshake proved
     * @param reason why it no longer holds, one line for the response, the log and the audit trail (never a secret)
     */
    record Revoked(String credentialId, String reason) implements Authentication {
        @Override
        public boolean authenticated() {
            return false;
        }
    }
}
