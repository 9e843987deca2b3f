package io.bastion.bindings.coap;

import io.bastion.core.codec.Codec;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Option;
import org.eclipse.californium.core.coap.OptionSet;

/**
 * Turns a response primitive into a CoAP response (TS-0008 6.2.3, 6.2.4): the response code of table 6.2.4-1, the
 * oneM2M-RSC option (several status codes share one CoAP code), echoed oneM2M-RQI/RVI, Location-Path of a created
 * resource, oneM2M-CTS/CTO of a partial content, and the content as payload.
 */
final class CoapResponseEncoder {

    private CoapResponseEncoder() {
    }

    /**
     * @param op the request's operation, or null when it could not be mapped
     * @param rqi the request identifier to echo when the response carries none
     * @param rvi the release version indicator to echo likewise
     * @param format the Content-Format number of the payload (the one the client asked for, or 50/60)
     */
    static org.eclipse.californium.core.coap.Response encode(Response rs, Operation op, String rqi, String rvi,
                                                              Codec codec, int format) {
        ResponseStatusCode rsc = rs.rsc();
        boolean notifyOk = op == Operation.NOTIFY && rsc == ResponseStatusCode.OK;
        // Table 6.2.4-1: 2000 is 2.05 Content for a RETRIEVE but 2.04 Changed, with no payload, for a NOTIFY.
        CoAP.ResponseCode code = notifyOk ? CoAP.ResponseCode.CHANGED : CoAP.ResponseCode.valueOfText(rsc.coapCode());
        org.eclipse.californium.core.coap.Response coap = new org.eclipse.californium.core.coap.Response(code);
        OptionSet o = coap.getOptions();
        o.addOption(new Option(OneM2mOptions.RSC, rsc.code()));
        String echoRqi = rs.rqi() != null ? rs.rqi() : rqi;
        if (echoRqi != null) {
            o.addOption(new Option(OneM2mOptions.RQI, echoRqi));
        }
        String echoRvi = rs.rvi() != null ? rs.rvi() : rvi;
        if (echoRvi != null) {
            o.addOption(new Option(OneM2mOptions.RVI, echoRvi));
        }
        if (rs.ot() != null) {
            o.addOption(new Option(OneM2mOptions.OT, rs.ot()));
        }
        if (rs.cnst() != null) {
            // TS-0008 6.2.2.4.13, 6.2.2.4.14: Content Status and Content Offset of a partial RETRIEVE
            o.addOption(new Option(OneM2mOptions.CTS, rs.cnst().code()));
            if (rs.cnot() != null) {
                o.addOption(new Option(OneM2mOptions.CTO, rs.cnot()));
            }
        }
        if (rs.location() != null && rsc == ResponseStatusCode.CREATED) {
            for (String seg : locationPath(rs.location())) {
                o.addLocationPath(seg);
            }
        }
        if (rs.pc() != null && !notifyOk) {
            coap.setPayload(codec.encode(rs.pc()));
            o.setContentFormat(format);
        }
        return coap;
    }

    /** Location-Path segments in the Uri-Path forms of TS-0008 table 6.2.2.3-1 ({@code ~}, {@code _}). */
    static java.util.List<String> locationPath(String address) {
        java.util.List<String> out = new java.util.ArrayList<>();
        String rest = address;
        if (address.startsWith("//")) {
            out.add("_");
            rest = address.substring(2);
        } else if (address.startsWith("/")) {
            out.add("~");
            rest = address.substring(1);
        }
        for (String s : rest.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }
}
