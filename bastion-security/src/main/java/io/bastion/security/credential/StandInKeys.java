package io.bastion.security.credential;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keys for PSK identities that are not provisioned, so that a TLS-PSK or DTLS-PSK handshake offering one goes on and
 * fails exactly as one with a wrong key does, and a client cannot learn which identities exist: RFC 4279 section 2
 * lets a server that "wishes to hide the fact that the PSK identity was not known ... continue the protocol as if the
 * PSK identity existed but the key was incorrect". A stand-in is an HMAC-SHA256 of the identity under a secret drawn
 * once from {@link SecureRandom}: the same for the same identity, as a real key would be, and known to nobody, so no
 * handshake can complete with one. Costs one HMAC, about what a store lookup that finds a key costs.
 */
public final class StandInKeys {
    private static final String HMAC = "HmacSHA256";
    private final SecretKeySpec secret;

    public StandInKeys(SecureRandom random) {
        byte[] s = new byte[32];
        random.nextBytes(s);
        this.secret = new SecretKeySpec(s, HMAC);
    }

    /** The stand-in key (32 bytes) for an identity as the client sent it; the caller owns (and may wipe) it. */
    public byte[] keyFor(byte[] identity) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(secret);
            return mac.doFinal(identity);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e); // every JDK has it
        }
    }
}
