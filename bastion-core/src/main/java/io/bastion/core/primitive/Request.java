package io.bastion.core.primitive;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A protocol-neutral oneM2M request primitive (TS-0004 clause 7, {@code m2m:rqp}). Built by a binding, never by a
 * resource handler. Optional parameters are null (or empty lists) when absent.
 *
 * @param op operation
 * @param to target address as received (CSE-relative, SP-relative or absolute)
 * @param fr from: the originator ID; null or empty when absent
 * @param rqi request identifier
 * @param rvi release version indicator
 * @param ty resource type of a CREATE
 * @param pc content: the primitive content, e.g. {@code {"m2m:ae": {...}}}
 * @param rcn result content
 * @param rt response type value (rtv)
 * @param rtu notificationURIs of the response type (nu): null when the request has none, an empty list when it has
 *        an empty one, which TS-0004 7.5.1.2.5 tells apart (no notification of the result at all)
 * @param rp result persistence
 * @param drt desired identifier result type (1 structured, 2 unstructured)
 * @param fc filter criteria, never null
 * @param ot originating timestamp
 * @param rqet request expiration timestamp
 * @param rset result expiration timestamp
 * @param oet operation execution time
 * @param ec event category
 * @param gid group request identifier
 * @param vsi vendor information
 * @param rids role IDs
 * @param tkns tokens
 * @param tids token IDs
 * @param ltids local token IDs
 * @param tqi token request indicator
 */
public record Request(
        Operation op,
        String to,
        String fr,
        String rqi,
        String rvi,
        Integer ty,
        JsonNode pc,
        Integer rcn,
        Integer rt,
        List<String> rtu,
        String rp,
        Integer drt,
        FilterCriteria fc,
        String ot,
        String rqet,
        String rset,
        String oet,
        String ec,
        String gid,
        String vsi,
        List<String> rids,
        List<String> tkns,
        List<String> tids,
        List<String> ltids,
        Boolean tqi) {

    public Request {
        rtu = rtu == null ? null : List.copyOf(rtu);
        fc = fc == null ? FilterCriteria.none() : fc;
        rids = rids == null ? List.of() : List.copyOf(rids);
        tkns = tkns == null ? List.of() : List.copyOf(tkns);
        tids = tids == null ? List.of() : List.copyOf(tids);
        ltids = ltids == null ? List.of() : List.copyOf(ltids);
    }

    /** The originator, with an absent one as the empty string. */
    public String originator() {
        return fr == null ? "" : fr;
    }

    /** True when this is a discovery request: RETRIEVE with filterUsage=1. */
    public boolean isDiscovery() {
        return op == Operation.RETRIEVE && fc.isDiscovery();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.op = op; b.to = to; b.fr = fr; b.rqi = rqi; b.rvi = rvi; b.ty = ty; b.pc = pc; b.rcn = rcn; b.rt = rt;
        b.rtu = rtu; b.rp = rp; b.drt = drt; b.fc = fc; b.ot = ot; b.rqet = rqet; b.rset = rset; b.oet = oet;
        b.ec = ec; b.gid = gid; b.vsi = vsi; b.rids = rids; b.tkns = tkns; b.tids = tids; b.ltids = ltids; b.tqi = tqi;
        return b;
    }

    /**
     * The request as a log line may show it: what, where, who, which request, and only the sizes of what it carries.
     * The content may hold a secret being written (a TS-0022 key) and tokens are bearer credentials, so neither is
     * ever printed, whoever logs a request.
     */
    @Override
    public String toString() {
        return "Request[op=" + op + ", to=" + to + ", fr=" + fr + ", rqi=" + rqi + ", rvi=" + rvi + ", ty=" + ty
                + ", rcn=" + rcn + ", pc=" + (pc == null ? "none" : "present") + ", tkns=" + (tkns == null ? 0
                : tkns.size()) + ", ltids=" + (ltids == null ? 0 : ltids.size()) + "]";
    }

    public static Builder builder(Operation op, String to) {
        Builder b = new Builder();
        b.op = op;
        b.to = to;
        return b;
    }

    /** Builds a {@link Request}; bindings fill it parameter by parameter as they parse the wire form. */
    public static final class Builder {
        private Operation op;
        private String to;
        private String fr;
        private String rqi;
        private String rvi;
        private Integer ty;
        private JsonNode pc;
        private Integer rcn;
        private Integer rt;
        private List<String> rtu;
        private String rp;
        private Integer drt;
        private FilterCriteria fc;
        private String ot;
        private String rqet;
        private String rset;
        private String oet;
        private String ec;
        private String gid;
        private String vsi;
        private List<String> rids;
        private List<String> tkns;
        private List<String> tids;
        private List<String> ltids;
        private Boolean tqi;

        private Builder() {
        }

        public Builder op(Operation v) { op = v; return this; }
        public Builder to(String v) { to = v; return this; }
        public Builder fr(String v) { fr = v; return this; }
        public Builder rqi(String v) { rqi = v; return this; }
        public Builder rvi(String v) { rvi = v; return this; }
        public Builder ty(Integer v) { ty = v; return this; }
        public Builder pc(JsonNode v) { pc = v; return this; }
        public Builder rcn(Integer v) { rcn = v; return this; }
        public Builder rt(Integer v) { rt = v; return this; }
        public Builder rtu(List<String> v) { rtu = v; return this; }
        public Builder rp(String v) { rp = v; return this; }
        public Builder drt(Integer v) { drt = v; return this; }
        public Builder fc(FilterCriteria v) { fc = v; return this; }
        public Builder ot(String v) { ot = v; return this; }
        public Builder rqet(String v) { rqet = v; return this; }
        public Builder rset(String v) { rset = v; return this; }
        public Builder oet(String v) { oet = v; return this; }
        public Builder ec(String v) { ec = v; return this; }
        public Builder gid(String v) { gid = v; return this; }
        public Builder vsi(String v) { vsi = v; return this; }
        public Builder rids(List<String> v) { rids = v; return this; }
        public Builder tkns(List<String> v) { tkns = v; return this; }
        public Builder tids(List<String> v) { tids = v; return this; }
        public Builder ltids(List<String> v) { ltids = v; return this; }
        public Builder tqi(Boolean v) { tqi = v; return this; }

        public Request build() {
            return new Request(op, to, fr, rqi, rvi, ty, pc, rcn, rt, rtu, rp, drt, fc, ot, rqet, rset, oet, ec,
                    gid, vsi, rids, tkns, tids, ltids, tqi);
        }
    }
}
