package io.bastion.bindings.http;

import io.bastion.core.codec.Codec;
import io.bastion.core.codec.Codecs;
import io.bastion.core.log.RateLimitedLog;
import io.bastion.core.primitive.ErrorFallback;
import io.bastion.core.primitive.Peer;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.binding.RequestProcessor;
import io.bastion.core.binding.UpperTester;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP exchange from request to response, off the event loop: map the request, hand it to the CSE, encode
 * what comes back (a response the CSE holds, such as a long poll, when it completes, with no thread waiting for it).
 * Every outcome is an HTTP response; unexpected exceptions become 5000 with a generic message
 * and are logged with the request identifier, never sent to the client.
 */
final class RequestDispatcher {
    private static final Logger log = LoggerFactory.getLogger(RequestDispatcher.class);
    /** Failures a client may trigger again and again: with their stack trace, but not without limit. */
    private static final RateLimitedLog LIMITED = RateLimitedLog.of(log);
    /** The Upper Tester's command and result header fields (TS-0019). */
    private static final String UT_COMMAND = "X-M2M-UTCMD";
    private static final String UT_RESULT = "X-M2M-UTRSP";

    private final RequestProcessor processor;
    private final Codecs codecs;
    private final RequestMapper mapper;
    private final ResponseEncoder encoder = new ResponseEncoder();
    private final UpperTester upperTester;

    /** @param upperTester the Upper Tester to serve on {@link UpperTester#PATH}, or null for none */
    RequestDispatcher(RequestProcessor processor, Codecs codecs, UpperTester upperTester) {
        this.processor = processor;
        this.codecs = codecs;
        this.mapper = new RequestMapper(codecs);
        this.upperTester = upperTester;
    }

    /**
     * Handles one exchange and hands its HTTP response to {@code done}: at once for nearly every request, later for a
     * response the CSE holds (a long poll on a pollingChannel), without keeping this thread.
     *
     * @return the held response, for the connection to cancel when it closes first; null when answered at once
     */
    CompletableFuture<Response> handle(FullHttpRequest http, Peer peer, boolean keepAlive,
                                       Consumer<FullHttpResponse> done) {
        if (upperTester != null && isUpperTester(http.uri())) {
            done.accept(upperTester(http, peer, keepAlive));
            return null;
        }
        Codec out = codecs.forAccept(http.headers().get(HttpHeaderNames.ACCEPT));
        Request rq = null;
        Response rs = null;
        CompletableFuture<Response> held = null;
        try {
            rq = mapper.map(http);
            if (out == null) {
                // Refused before processing: a CREATE must not take effect when its answer cannot be delivered.
                rs = Response.error(ResponseStatusCode.NOT_ACCEPTABLE,
                        "no acceptable media type in Accept; this CSE serves application/json and application/cbor");
            } else {
                CompletableFuture<Response> f = Objects.requireNonNull(processor.processAsync(rq, peer),
                        "request processor returned no response");
                if (f.isDone()) {
                    rs = f.join();
                } else {
                    held = f;
                }
            }
        } catch (RuntimeException e) {
            rs = ErrorFallback.response(e, LIMITED, "HTTP", requestId(rq, http));
        }
        String rqi = requestId(rq, http);
        String rvi = rq != null ? rq.rvi() : http.headers().get(M2mHeader.RVI.field);
        Codec codec = out != null ? out : codecs.json();
        boolean http10 = http.protocolVersion().equals(HttpVersion.HTTP_1_0);
        if (held == null) {
            done.accept(encode(rs, rqi, rvi, codec, keepAlive, http10));
            return null;
        }
        held.whenComplete((later, e) -> {
            if (e instanceof CancellationException) {
                return; // the connection closed first and cancelled it: there is nobody to answer
            }
            done.accept(encode(later != null ? later
                    : ErrorFallback.response(e instanceof RuntimeException re ? re : new IllegalStateException(e),
                            LIMITED, "HTTP", rqi), rqi, rvi, codec, keepAlive, http10));
        });
        return held;
    }

    private FullHttpResponse encode(Response rs, String rqi, String rvi, Codec codec, boolean keepAlive,
                                    boolean http10) {
        FullHttpResponse res;
        try {
            res = encoder.encode(rs, rqi, rvi, codec, keepAlive);
        } catch (RuntimeException e) {
            LIMITED.error("HTTP response to request {} could not be encoded", rqi, e);
            res = encoder.encode(ErrorFallback.internalError(), rqi, rvi, codecs.json(), keepAlive);
        }
        if (keepAlive && http10) {
            // HTTP/1.0 clients assume close unless told otherwise.
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        return res;
    }

    private static boolean isUpperTester(String uri) {
        return uri.startsWith(UpperTester.PATH) && (uri.length() == UpperTester.PATH.length()
                || uri.charAt(UpperTester.PATH.length()) == '?');
    }

    /**
     * An Upper Tester request (TS-0019): a POST whose {@code X-M2M-UTCMD} names the command; the command's result
     * comes back in {@code X-M2M-UTRSP}, its status in {@code X-M2M-RSC} (2000 when it ran), a refusal's reason in
     * {@code m2m:dbg}.
     */
    private FullHttpResponse upperTester(FullHttpRequest http, Peer peer, boolean keepAlive) {
        String rqi = http.headers().get(M2mHeader.RI.field);
        String rvi = http.headers().get(M2mHeader.RVI.field);
        UpperTester.Outcome o;
        Response rs;
        try {
            o = HttpMethod.POST.equals(http.method())
                    ? upperTester.run(http.headers().get(UT_COMMAND), http.content().isReadable(), rqi, peer)
                    : UpperTester.Outcome.refused(ResponseStatusCode.OPERATION_NOT_ALLOWED,
                            "the Upper Tester takes POST requests");
            rs = o.rsc() == ResponseStatusCode.OK ? Response.of(o.rsc(), null) : Response.error(o.rsc(), o.message());
        } catch (RuntimeException e) {
            o = UpperTester.Outcome.refused(ResponseStatusCode.INTERNAL_SERVER_ERROR, null);
            rs = ErrorFallback.response(e, LIMITED, "HTTP", rqi);
        }
        FullHttpResponse res = encoder.encode(rs, rqi, rvi, codecs.json(), keepAlive);
        if (o.result() != null) {
            res.headers().set(UT_RESULT, o.result());
        }
        return res;
    }

    /** The answer to a body over the limit; the connection closes after it since the rest of the body is unread. */
    FullHttpResponse oversized(BodyLimitAggregator.OversizedRequest o) {
        return encoder.encode(
                Response.error(ResponseStatusCode.BAD_REQUEST, "request body exceeds " + o.limit() + " bytes"),
                o.rqi(), o.rvi(), codecs.json(), false);
    }

    /** The answer to bytes the HTTP decoder could not parse; the connection closes after it. */
    FullHttpResponse malformed(Throwable cause) {
        String why = cause instanceof TooLongFrameException
                ? "HTTP request line or header section too long" : "malformed HTTP request";
        log.debug("refusing undecodable HTTP request: {}", cause.toString());
        return encoder.encode(Response.error(ResponseStatusCode.BAD_REQUEST, why), null, null, codecs.json(), false);
    }

    /** A 4000 answer with {@code why}; the connection closes after it. */
    FullHttpResponse refused(String why) {
        return encoder.encode(Response.error(ResponseStatusCode.BAD_REQUEST, why), null, null, codecs.json(), false);
    }

    /** The last-resort answer when handling itself failed (see {@link InFlightRequest}); closes the connection. */
    FullHttpResponse internalError(String rqi) {
        return encoder.encode(ErrorFallback.internalError(), rqi, null, codecs.json(), false);
    }

    private static String requestId(Request rq, FullHttpRequest http) {
        return rq != null ? rq.rqi() : http.headers().get(M2mHeader.RI.field);
    }
}
