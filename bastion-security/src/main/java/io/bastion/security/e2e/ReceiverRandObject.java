package io.bastion.security.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.time.Timestamps;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * {@code m2m:receiverESPrimRandObject} (TS-0004 6.3.5.51, TS-0003 8.4.3.1.2): what a Receiver hands out for
 * establishing sessionESPrimKey, in the {@code ero} of a {@code sit}=4 response or as the {@code esro} of its
 * {@code e2eSecInfo}. Short names {@code esri}, {@code esrv}, {@code esrx}, {@code esks}, {@code espa}.
 *
 * @param esri esprimRandID
 * @param esrv esprimRandValue
 * @param esrx esprimRandExpiry
 * @param esks the sessionESPrimKey generation algorithms the Receiver accepts ({@code m2m:esprimKeyGenAlgID})
 * @param espa the AEAD algorithms the Receiver accepts ({@code m2m:esprimProtocolAndAlgID})
 */
public record ReceiverRandObject(String esri, RandValue esrv, Instant esrx, List<Integer> esks, List<Integer> espa) {
    private static final Set<String> MEMBERS = Set.of("esri", "esrv", "esrx", "esks", "espa");

    public ReceiverRandObject {
        Objects.requireNonNull(esri, "esri");
        Objects.requireNonNull(esrv, "esrv");
        Objects.requireNonNull(esrx, "esrx");
        esks = List.copyOf(esks);
        espa = List.copyOf(espa);
    }

    /** True while {@code now} is before the expiry. */
    public boolean validAt(Instant now) {
        return now.isBefore(esrx);
    }

    public ObjectNode toJson() {
        ObjectNode o = E2eJson.NODES.objectNode();
        o.put("esri", esri);
        o.put("esrv", esrv.hex());
        o.put("esrx", Timestamps.format(esrx));
        o.set("esks", E2eJson.array(esks));
        o.set("espa", E2eJson.array(espa));
        return o;
    }

    /**
     * Parses one; a relative expiry counts from {@code now}.
     *
     * @throws io.bastion.core.primitive.OneM2MException 4000 naming the element under {@code path}
     */
    public static ReceiverRandObject fromJson(JsonNode node, String path, Instant now) {
        E2eJson.object(node, path, MEMBERS);
        return new ReceiverRandObject(E2eJson.randId(node.get("esri"), path + ".esri"),
                E2eJson.randValue(node.get("esrv"), path + ".esrv"),
                E2eJson.expiry(node.get("esrx"), path + ".esrx", now),
                E2eJson.integers(node.get("esks"), path + ".esks"),
                E2eJson.integers(node.get("espa"), path + ".espa"));
    }
}
