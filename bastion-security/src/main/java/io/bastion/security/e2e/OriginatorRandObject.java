package io.bastion.security.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.time.Timestamps;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * {@code m2m:originatorESPrimRandObject} (TS-0004 6.3.5.50, TS-0003 8.4.3.1.1): the Originator's half of a session,
 * sent in the {@code oro} header of an ESPrim object. Short names {@code esri}, {@code esrv}, {@code esrx},
 * {@code esk}, {@code espa}.
 *
 * @param esri esprimRandID
 * @param esrv esprimRandValue
 * @param esrx esprimRandExpiry, never later than the receiver rand object's (8.4.2 B.2g)
 * @param esk the one sessionESPrimKey generation algorithm applied
 * @param espa the AEAD algorithms the Originator accepts, a subset of the receiver's
 */
public record OriginatorRandObject(String esri, RandValue esrv, Instant esrx, int esk, List<Integer> espa) {
    private static final Set<String> MEMBERS = Set.of("esri", "esrv", "esrx", "esk", "espa");

    public OriginatorRandObject {
        Objects.requireNonNull(esri, "esri");
        Objects.requireNonNull(esrv, "esrv");
        Objects.requireNonNull(esrx, "esrx");
        espa = List.copyOf(espa);
    }

    public boolean validAt(Instant now) {
        return now.isBefore(esrx);
    }

    public ObjectNode toJson() {
        ObjectNode o = E2eJson.NODES.objectNode();
        o.put("esri", esri);
        o.put("esrv", esrv.hex());
        o.put("esrx", Timestamps.format(esrx));
        o.put("esk", esk);
        o.set("espa", E2eJson.array(espa));
        return o;
    }

    /** Parses one; a relative expiry counts from {@code now}. 4000 naming the element under {@code path}. */
    public static OriginatorRandObject fromJson(JsonNode node, String path, Instant now) {
        E2eJson.object(node, path, MEMBERS);
        return new OriginatorRandObject(E2eJson.randId(node.get("esri"), path + ".esri"),
                E2eJson.randValue(node.get("esrv"), path + ".esrv"),
                E2eJson.expiry(node.get("esrx"), path + ".esrx", now),
                E2eJson.integer(node.get("esk"), path + ".esk"),
                E2eJson.integers(node.get("espa"), path + ".espa"));
    }
}
