package io.bastion.security.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.OneM2MException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * {@code m2m:e2eSecInfo} (TS-0004 6.3.5.52, TS-0003 8.4.3.1.3), the {@code esi} attribute of the CSEBase, an AE
 * and a remoteCSE: {@code esf} the supported end-to-end security features (a non-empty list of
 * {@code m2m:suid}), {@code escert} certificates (base64, optional), {@code esro} a shared receiverESPrimRandObject
 * (optional).
 *
 * @param esf supportedE2ESecFeatures
 * @param escert certificates (base64 DER), possibly empty
 * @param esro sharedReceiverESPrimRandObject, or null
 */
public record E2eSecInfo(List<Integer> esf, List<String> escert, ReceiverRandObject esro) {
    /** SUID 13: a pre-provisioned symmetric key for ESPrim (TS-0004 table 6.3.4.2.39-1). */
    public static final int SUID_PROVISIONED_ESPRIM = 13;
    /**
     * SUID 43: a certificate for ESPrim; Bastion's mark of an ESCertKE end-point, whose established keys protect ESPrim
     * (the table has no SUID for ESCertKE itself).
     */
    public static final int SUID_CERTIFICATE_ESPRIM = 43;
    /** The m2m:suid values of TS-0004 table 6.3.4.2.39-1. */
    public static final Set<Integer> SUIDS = Set.of(10, 11, 12, 13, 14, 15, 21, 22, 23, 24, 25, 32, 33, 34, 35, 40,
            41, 42, 43, 44, 45);
    private static final Set<String> MEMBERS = Set.of("esf", "escert", "esro");
    private static final int MAX_CERTS = 16;
    private static final int MAX_CERT_CHARS = 16 * 1024;

    public E2eSecInfo {
        esf = List.copyOf(esf);
        escert = escert == null ? List.of() : List.copyOf(escert);
    }

    public ObjectNode toJson() {
        ObjectNode o = E2eJson.NODES.objectNode();
        o.set("esf", E2eJson.array(esf));
        if (!escert.isEmpty()) {
            ArrayNode a = o.putArray("escert");
            escert.forEach(a::add);
        }
        if (esro != null) {
            o.set("esro", esro.toJson());
        }
        return o;
    }

    /**
     * Parses an {@code esi} value; a relative {@code esrx} counts from {@code now}.
     *
     * @throws OneM2MException 4000 naming the element under {@code path}
     */
    public static E2eSecInfo fromJson(JsonNode node, String path, Instant now) {
        E2eJson.object(node, path, MEMBERS);
        List<Integer> esf = E2eJson.integers(node.get("esf"), path + ".esf");
        for (int i = 0; i < esf.size(); i++) {
            if (!SUIDS.contains(esf.get(i))) {
                throw E2eJson.invalid(path + ".esf[" + i + "]", esf.get(i) + " is not an m2m:suid");
            }
        }
        List<String> certs = new ArrayList<>();
        JsonNode escert = node.get("escert");
        if (escert != null) {
            if (!escert.isArray() || escert.size() > MAX_CERTS) {
                throw E2eJson.invalid(path + ".escert", "must be a list of at most " + MAX_CERTS
                        + " base64 certificates");
            }
            for (int i = 0; i < escert.size(); i++) {
                JsonNode c = escert.get(i);
                if (!c.isTextual() || c.textValue().isEmpty() || c.textValue().length() > MAX_CERT_CHARS
                        || !isBase64(c.textValue())) {
                    throw E2eJson.invalid(path + ".escert[" + i + "]", "must be base64 (xs:base64Binary) of at most "
                            + MAX_CERT_CHARS + " characters");
                }
                certs.add(c.textValue());
            }
        }
        ReceiverRandObject esro = node.has("esro")
                ? ReceiverRandObject.fromJson(node.get("esro"), path + ".esro", now) : null;
        return new E2eSecInfo(esf, certs, esro);
    }

    private static boolean isBase64(String s) {
        try {
            Base64.getMimeDecoder().decode(s);
            return s.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || c == '+' || c == '/'
                    || c == '=' || c == '\r' || c == '\n');
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** True when {@code esf} says ESPrim is supported (a provisioned, RSPF, MAF key or certificate for it). */
    public boolean supportsEsprim() {
        return esf.contains(13) || esf.contains(23) || esf.contains(33) || esf.contains(43);
    }

    /** Used by a validator that has no clock: the form alone. */
    public static void check(JsonNode node, String path) {
        fromJson(node, path, Instant.EPOCH);
    }
}
