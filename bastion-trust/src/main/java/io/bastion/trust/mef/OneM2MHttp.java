package io.bastion.trust.mef;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.ResponseStatusCode;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * TS-0009 as far as the MEF needs it: the operation from the method (POST with {@code ty} = CREATE), {@code ty} from
 * the Content-Type, {@code X-M2M-RI} mandatory and echoed, {@code X-M2M-RSC} and the HTTP status of TS-0009 Table
 * 6.4-1 on the answer, JSON content.
 */
final class OneM2MHttp {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OneM2MHttp() {
    }

    static FullHttpResponse respond(FullHttpRequest rq, byte[] body, MefService service, MefService.Session session) {
        String ri = rq.headers().get("X-M2M-RI");
        MefService.Reply reply;
        if (ri == null || ri.isBlank() || ri.length() > 256) {
            reply = MefService.Reply.refused(OneM2MException.badRequest("X-M2M-RI: missing (TS-0009 6.2.2)"));
        } else {
            try {
                reply = service.handle(rq.method().name(), new io.netty.handler.codec.http.QueryStringDecoder(
                        rq.uri()).path(), resourceType(rq.headers().get(HttpHeaderNames.CONTENT_TYPE)), body, session);
            } catch (OneM2MException e) {
                reply = MefService.Reply.refused(e);
            }
        }
        byte[] content;
        try {
            content = reply.content() == null ? new byte[0] : JSON.writeValueAsBytes(reply.content());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ResponseStatusCode rsc = reply.rsc();
        FullHttpResponse rs = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(rsc.httpStatus()), Unpooled.wrappedBuffer(content));
        rs.headers().set("X-M2M-RSC", rsc.code()).set(HttpHeaderNames.CONTENT_LENGTH, content.length);
        if (ri != null && ri.length() <= 256) {
            rs.headers().set("X-M2M-RI", ri);
        }
        if (reply.location() != null) {
            rs.headers().set(HttpHeaderNames.CONTENT_LOCATION, reply.location());
        }
        if (content.length > 0) {
            rs.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        }
        return rs;
    }

    /** The {@code ty} parameter of a Content-Type, or null; a malformed one is 4000. */
    static Integer resourceType(String contentType) {
        if (contentType == null) {
            return null;
        }
        for (String p : contentType.split(";")) {
            String t = p.trim().toLowerCase(Locale.ROOT);
            if (t.startsWith("ty=")) {
                try {
                    return Integer.parseInt(t.substring(3));
                } catch (NumberFormatException e) {
                    throw OneM2MException.badRequest("Content-Type: ty is not a number");
                }
            }
        }
        return null;
    }
}
