package io.bastion.core.primitive;

import java.util.Set;

/** What the transport authenticated about a peer: nothing, or a verified credential and the IDs it may use. */
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
}
