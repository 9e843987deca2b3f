package io.bastion.store.sqlite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.SecretAttributes;
import io.bastion.core.time.Timestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;

/** Converts between a {@link Resource} and its row: attributes as JSON text, times as epoch microseconds. */
final class ResourceRows {
    /** The columns every read selects, in the order {@link #read} expects them. */
    static final String COLUMNS = "seq, ri, pi, ty, path, creator, et, attrs, root, secrets";
    static final int COL_SEQ = 1;
    static final int COL_RI = 2;

    private final ObjectMapper mapper = new ObjectMapper();

    /** The current row with its attributes still as text, to be parsed only if it is used. */
    RawRow rawRow(ResultSet rs) throws SQLException {
        long et = rs.getLong(7);
        Long expiry = rs.wasNull() ? null : et;
        return new RawRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5),
                rs.getString(6), expiry, rs.getString(8), rs.getString(9), rs.getString(10));
    }

    /** A row as read, before the JSON is parsed. */
    record RawRow(long seq, String ri, String pi, int ty, String path, String creator, Long et, String attrs,
                  String root, String secrets) {
        Resource parse(ResourceRows rows) throws SQLException {
            return new Resource(ri, pi, ty, path, rows.parse(attrs), creator, et == null ? null : Micros.toInstant(et),
                    root, secrets == null ? SecretAttributes.NONE : rows.secrets(secrets));
        }

        /** Never prints the secrets (nor the attributes, which may be large). */
        @Override
        public String toString() {
            return "RawRow[" + ri + " " + path + "]";
        }
    }

    SecretAttributes secrets(String json) throws SQLException {
        Map<String, String> values = new TreeMap<>();
        parse(json).fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
        return SecretAttributes.of(values);
    }

    /** The secrets of a resource as stored, or null when it has none. */
    String secretsJson(Resource r) {
        if (r.secrets().isEmpty()) {
            return null;
        }
        ObjectNode o = mapper.createObjectNode();
        r.secrets().revealForStorage().forEach(o::put);
        try {
            return mapper.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("secrets of " + r.ri() + " cannot be serialised");
        }
    }

    ObjectNode parse(String json) throws SQLException {
        try {
            JsonNode n = mapper.readTree(json);
            if (n instanceof ObjectNode o) {
                return o;
            }
        } catch (JsonProcessingException e) {
            // fall through: reported as a damaged row below, without echoing the content
        }
        throw new SQLException("stored attributes are not a JSON object");
    }

    String json(Resource r) {
        try {
            return mapper.writeValueAsString(r.attrs());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("attributes of " + r.ri() + " cannot be serialised", e);
        }
    }

    /** The epoch microseconds of a timestamp attribute (ct, lt), or null when absent. */
    static Long timeAttr(Resource r, String sn) {
        String text = r.getText(sn);
        return text == null ? null : Micros.floor(Timestamps.parse(text, sn));
    }

    static String rn(Resource r) {
        String rn = r.rn();
        return rn != null ? rn : PathRange.lastSegment(r.path());
    }
}
