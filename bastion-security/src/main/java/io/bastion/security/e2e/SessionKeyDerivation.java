package io.bastion.security.e2e;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The sessionESPrimKey derivation of TS-0003 10.3.8.2, {@code esprimKeyGenAlgID} 1:
 * {@code HMAC-SHA256(pairwiseESPrimKey, receiverESPrimRandObject || originatorESPrimRandObject || label)}.
 *
 * <p>The text concatenates the rand "objects"; Bastion reads this as their 128-bit {@code esprimRandValue}s, raw
 * bytes, the receiver's first, then the ASCII label {@value #LABEL} (the reading of DIGEST.md 6.1: the objects' other
 * elements have no canonical byte form, and the values are what is fresh). The 32-byte output is the session key;
 * a content encryption key shorter than 32 bytes (A128GCM, A192GCM) is its leftmost 16 or 24 bytes (our choice: the
 * text derives one 256-bit key whatever the {@code enc}).
 */
public final class SessionKeyDerivation {
    /** {@code m2m:esprimKeyGenAlgID} 1, HMAC-SHA256 (TS-0004 table 6.3.4.2.40-1). */
    public static final int HMAC_SHA256 = 1;
    /** The label of 10.3.8.2. */
    public static final String LABEL = "oneM2M HMAC-SHA256 sessionESPrimKey derivation algorithm";

    private SessionKeyDerivation() {
    }

    /** The sessionESPrimKey of {@code pairwiseKey} with the two rand values. */
    public static SessionKey derive(PairwiseKey pairwiseKey, RandValue receiver, RandValue originator) {
        byte[] k = pairwiseKey.key().bytes();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(k, "HmacSHA256"));
            mac.update(receiver.bytes());
            mac.update(originator.bytes());
            mac.update(LABEL.getBytes(StandardCharsets.US_ASCII));
            return new SessionKey(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }
}
