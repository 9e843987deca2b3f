package io.bastion.store.sqlite;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.resource.Resource;
import io.bastion.core.time.Timestamps;
import java.time.Instant;

/** Builds resources for store tests; the path is the parent's path plus rn, as the CSE builds it. */
final class TestResources {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    static final int CSE = 5;
    static final int AE = 2;
    static final int CNT = 3;
    static final int CIN = 4;

    private TestResources() {
    }

    static Builder cseBase() {
        return new Builder("cse", null, CSE, "cse-in");
    }

    static Builder child(Resource parent, String ri, int ty, String rn) {
        return new Builder(ri, parent.ri(), ty, parent.path() + "/" + rn);
    }

    static final class Builder {
        private final String ri;
        private final String pi;
        private final int ty;
        private final String path;
        private Instant ct = T0;
        private Instant lt = T0;
        private Instant et;
        private String[] labels = {};
        private String creator = "Cadmin";
        private Integer con;

        Builder(String ri, String pi, int ty, String path) {
            this.ri = ri;
            this.pi = pi;
            this.ty = ty;
            this.path = path;
        }

        Builder ct(Instant t) {
            ct = t;
            lt = t;
            return this;
        }

        Builder lt(Instant t) {
            lt = t;
            return this;
        }

        Builder et(Instant t) {
            et = t;
            return this;
        }

        Builder labels(String... l) {
            labels = l;
            return this;
        }

        Builder creator(String c) {
            creator = c;
            return this;
        }

        /** A version number in the attributes, to tell replacements apart. */
        Builder con(int version) {
            con = version;
            return this;
        }

        Resource build() {
            ObjectNode a = JSON.createObjectNode();
            a.put("ri", ri);
            if (pi != null) {
                a.put("pi", pi);
            }
            a.put("ty", ty);
            a.put("rn", path.substring(path.lastIndexOf('/') + 1));
            a.put("ct", Timestamps.format(ct));
            a.put("lt", Timestamps.format(lt));
            if (et != null) {
                a.put("et", Timestamps.format(et));
            }
            if (labels.length > 0) {
                ArrayNode lbl = a.putArray("lbl");
                for (String l : labels) {
                    lbl.add(l);
                }
            }
            if (con != null) {
                a.put("con", con);
            }
            return new Resource(ri, pi, ty, path, a, creator, et);
        }
    }
}
