package io.bastion.cse.dynamic;

import io.bastion.core.primitive.Operation;
import io.bastion.core.resource.Resource;
import io.bastion.cse.request.RequestContext;
import io.bastion.security.dynamic.DasAddress;
import io.bastion.security.dynamic.DasInfo;
import io.bastion.security.dynamic.DasRequest;
import io.bastion.security.dynamic.TokenRequestInfo;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The dynamic authorization fallback through the enabled dacs that apply to the target ({@link DacResolver}): with
 * {@code tqi} true the indirect flow, whose Token Request Information tells the originator where to ask for tokens;
 * otherwise the direct consultation of their DASs ({@link DynamicAuthorization#consult}).
 */
public final class DasFallback implements DynamicFallback {
    private final DynamicAuthorization dynamic;

    public DasFallback(DynamicAuthorization dynamic) {
        this.dynamic = dynamic;
    }

    @Override
    public Consultation afterDeny(RequestContext x, Resource target, Operation op, List<String> orid) {
        List<Resource> dacs = dynamic.applicable(target);
        if (dacs.isEmpty()) {
            return new Consultation.NotApplicable();
        }
        if (Boolean.TRUE.equals(x.request().tqi())) {
            return new Consultation.TokensOffered(tokenRequestInfo(x, target, op, dacs, orid));
        }
        return dynamic.consult(x, target, op, dacs, orid, List.of());
    }

    /**
     * The Token Request Information of the indirect flow (TS-0003 7.3.2.3 step 2; TS-0004 m2m:dynAuthTokenReqInfo):
     * one {@code dasi} per usable {@code dap} entry of the applicable dacs, each with the {@code dreq} the originator
     * may pass to that DAS; null when no {@code dap} entry is usable.
     */
    private TokenRequestInfo tokenRequestInfo(RequestContext x, Resource target, Operation op, List<Resource> dacs,
                                              List<String> orid) {
        String holder = dynamic.canonical(x.originator());
        List<DasInfo> dasi = new ArrayList<>();
        for (Resource dac : dacs) {
            DasRequest dreq = dynamic.request(x, target, op, holder, dac.getText("dal"), orid, List.of());
            for (String entry : dac.getList("dap")) {
                URI das = DasAddress.tryParse(entry);
                if (das != null) {
                    dasi.add(new DasInfo(das.toString(), dreq, null));
                }
            }
        }
        return dasi.isEmpty() ? null : new TokenRequestInfo(dasi);
    }
}
