package io.bastion.bindings.coap;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 *
 * <p>A client that asked for a serialized response primitive ({@link ContentFormats#isResponsePrimitive}, Accept
 * 10009 or 10013) gets the whole primitive as the payload ({@code {"rsc":2000,"rqi":…,"rvi":…,"pc":{…}}}, TS-0004
 * 8.4) and none of the oneM2M options, which would only repeat it. Those options are all critical (TS-0008 table
 * 6.2.2.4.0-1), and RFC 7252 5.4.1 makes a client that does not know them reject the response: a generic CoAP client
 * such as libcoap's {@code coap-client} gets no answer at all otherwise.
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
        String echoRqi = rs.rqi() != null ? rs.rqi() : rqi;
        String echoRvi = rs.rvi() != null ? rs.rvi() : rvi;
        if (rs.location() != null && rsc == ResponseStatusCode.CREATED) {
            for (String seg : locationPath(rs.location())) {
                o.addLocationPath(seg);
            }
        }
        if (ContentFormats.isResponsePrimitive(format)) {
            if (!notifyOk) {
                coap.setPayload(codec.encode(primitive(rs, echoRqi, echoRvi)));
                o.setContentFormat(format);
            }
            return coap;
        }
        o.addOption(new Option(OneM2mOptions.RSC, rsc.code()));
        if (echoRqi != null) {
            o.addOption(new Option(OneM2mOptions.RQI, echoRqi));
        }
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
        if (rs.pc() != null && !notifyOk) {
            coap.setPayload(codec.encode(rs.pc()));
            o.setContentFormat(format);
        }
        return coap;
    }

    /** The response primitive in its serialized form (TS-0004 7.2.1.2, short names, JSON root without a wrapper). */
    static ObjectNode primitive(Response rs, String rqi, String rvi) {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put("rsc", rs.rsc().code());
        if (rqi != null) {
            p.put("rqi", rqi);
        }
        if (rvi != null) {
            p.put("rvi", rvi);
        }
        if (rs.ot() != null) {
            p.put("ot", rs.ot());
        }
        if (!rs.ati().isEmpty()) {
            ArrayNode ltia = p.putObject("ati").putArray("ltia");
            for (Response.LocalTokenId a : rs.ati()) {
                ltia.addObject().put("lti", a.lti()).put("tkid", a.tkid());
            }
        }
        if (rs.cnst() != null) {
            p.put("cnst", rs.cnst().code());
            if (rs.cnot() != null) {
                p.put("cnot", rs.cnot());
            }
        }
        if (rs.pc() != null) {
            p.set("pc", rs.pc());
        }
        return p;
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
