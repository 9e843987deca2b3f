package io.bastion.bindings.coap;

import io.bastion.bindings.http.QueryParser;
import io.bastion.core.codec.Codec;
import io.bastion.core.codec.Codecs;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.text.Excerpt;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Option;
import org.eclipse.californium.core.coap.OptionSet;

/**
 * Turns a CoAP request into a request primitive (TS-0008 clause 6.2, receiver side): method and oneM2M-TY to the
 * operation, Uri-Path to {@code to} (6.2.2.3), Uri-Query to parameters and filter criteria (the same names and
 * checks as the HTTP door), oneM2M options to parameters (6.2.2.4), payload to content. Bad input is a
 * {@link OneM2MException} with the status code the client gets.
 */
final class CoapRequestMapper {
    private final Codecs codecs;

    CoapRequestMapper(Codecs codecs) {
        this.codecs = codecs;
    }

    Request map(org.eclipse.californium.core.coap.Request coap) {
        OptionSet options = coap.getOptions();
        CoAP.Code code = coap.getCode();
        if (code == null) {
            throw new OneM2MException(ResponseStatusCode.OPERATION_NOT_ALLOWED, "no CoAP method");
        }
        Integer ty = integer(options, OneM2mOptions.TY);
        Operation op = switch (code) {
            case GET -> Operation.RETRIEVE;
            // TS-0008 6.2.1: POST is a CREATE when it names the type of the new resource, otherwise a NOTIFY.
            case POST -> ty != null ? Operation.CREATE : Operation.NOTIFY;
            case PUT -> Operation.UPDATE;
            case DELETE -> Operation.DELETE;
            default -> throw new OneM2MException(ResponseStatusCode.OPERATION_NOT_ALLOWED,
                    "CoAP method " + code + " does not map to a oneM2M operation");
        };
        if (op == Operation.CREATE && ty == 0) {
            throw OneM2MException.badRequest("oneM2M-TY must name a resource type");
        }
        Request.Builder b = Request.builder(op, target(options.getUriPath()));
        if (op == Operation.CREATE) {
            b.ty(ty);
        }
        String rqi = text(options, OneM2mOptions.RQI);
        if (rqi == null) {
            throw OneM2MException.badRequest("option oneM2M-RQI (request identifier) is mandatory");
        }
        b.rqi(rqi);
        b.fr(text(options, OneM2mOptions.FR));
        b.rvi(text(options, OneM2mOptions.RVI));
        b.ot(text(options, OneM2mOptions.OT));
        b.rqet(text(options, OneM2mOptions.RQET));
        b.rset(text(options, OneM2mOptions.RSET));
        b.oet(text(options, OneM2mOptions.OET));
        b.gid(text(options, OneM2mOptions.GID));
        b.vsi(text(options, OneM2mOptions.VSI));
        Integer ec = integer(options, OneM2mOptions.EC);
        if (ec != null) {
            b.ec(ec.toString());
        }
        String rturi = text(options, OneM2mOptions.RTURI);
        if (rturi != null) {
            b.rtu(split(rturi, '&'));
        }
        List<String> query = options.getUriQuery();
        if (!query.isEmpty()) {
            QueryParser.parse(query(query), op, b);
        }
        if (op != Operation.RETRIEVE && op != Operation.DELETE && coap.getPayloadSize() > 0) {
            int format = options.hasContentFormat() ? options.getContentFormat() : ContentFormats.JSON;
            Codec codec = ContentFormats.codec(codecs, format);
            if (codec == null) {
                throw new OneM2MException(ResponseStatusCode.UNSUPPORTED_MEDIA_TYPE,
                        "unsupported Content-Format " + format);
            }
            b.pc(codec.decode(coap.getPayload()));
        }
        return b.build();
    }

    /**
     * The {@code to} address from Uri-Path segments (TS-0008 table 6.2.2.3-1): a first segment {@code ~} marks the
     * SP-relative form, {@code _} the absolute form, anything else is CSE-relative. The segments are joined as they
     * are, so an empty one (e.g. the last of {@code coap://host/cse-in/}) reaches the CSE, which refuses it as it
     * does for every door (4000); refused here are only a segment hiding a '/' and an empty first segment of a form,
     * since both would read as another address than the segments show.
     */
    static String target(List<String> segments) {
        if (segments.isEmpty()) {
            throw OneM2MException.badRequest("request target names no resource");
        }
        for (String s : segments) {
            if (s.indexOf('/') >= 0) {
                throw OneM2MException.badRequest("request target: ambiguous Uri-Path segment '" + Excerpt.of(s)
                        + "'");
            }
        }
        String first = segments.get(0);
        int formSegments = first.equals("~") || first.equals("_") ? 2 : 1;
        if (segments.size() < formSegments || segments.get(formSegments - 1).isEmpty()) {
            throw OneM2MException.badRequest(formSegments == 1 ? "request target: empty first Uri-Path segment"
                    : "request target: empty " + (first.equals("~") ? "SP-relative" : "absolute") + " address");
        }
        if (formSegments == 2) {
            String rest = String.join("/", segments.subList(1, segments.size()));
            return (first.equals("~") ? "/" : "//") + rest;
        }
        return String.join("/", segments);
    }

    /**
     * Uri-Query options are already decoded; they are joined into one query in the form the HTTP door parses, with
     * '%' and '&' escaped so that an option's text stays within its own parameter.
     */
    static String query(List<String> parts) {
        StringBuilder sb = new StringBuilder();
        for (String p : parts) {
            if (p.isEmpty()) {
                continue;
            }
            if (!sb.isEmpty()) {
                sb.append('&');
            }
            for (int i = 0; i < p.length(); i++) {
                char c = p.charAt(i);
                switch (c) {
                    case '%' -> sb.append("%25");
                    case '&' -> sb.append("%26");
                    default -> sb.append(c);
                }
            }
        }
        return sb.toString();
    }

    private static String text(OptionSet options, org.eclipse.californium.core.coap.option.OptionDefinition def) {
        Option o = options.getOtherOption(def);
        if (o == null) {
            return null;
        }
        String v = o.getStringValue();
        return v.isEmpty() ? null : v;
    }

    private static Integer integer(OptionSet options, org.eclipse.californium.core.coap.option.OptionDefinition def) {
        Option o = options.getOtherOption(def);
        if (o == null) {
            return null;
        }
        long v = o.getLongValue();
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw OneM2MException.badRequest("option " + def.getName() + " out of range");
        }
        return (int) v;
    }

    private static List<String> split(String v, char sep) {
        List<String> out = new ArrayList<>(2);
        for (String part : v.split(String.valueOf(sep), -1)) {
            String t = part.trim();
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }
}
