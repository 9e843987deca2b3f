package io.bastion.bindings.http;

import io.bastion.core.http.BoundedBody;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bastion.cse.dynamic.DasClient;
import io.bastion.cse.dynamic.DasFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consults a DAS over HTTP or HTTPS (TS-0009): a POST without {@code ty} (a NOTIFY) with {@code X-M2M-Origin} set to
 * this CSE's ID, {@code X-M2M-RI}, {@code X-M2M-RVI} and a JSON body; redirects are not followed. The whole exchange,
 * connection and body included, is bounded by the timeout and the answer by {@link #MAX_BODY} bytes. An answer is
 * usable only with a 2xx HTTP status, an {@code X-M2M-RSC} of 2xxx (when present) and a JSON object body (or none).
 */
public final class HttpDasClient implements DasClient, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpDasClient.class);
    static final int MAX_BODY = 256 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong RQI = new AtomicLong();

    private final HttpClient client;

    /** With the JDK's default trust for https DAS endpoints. */
    public HttpDasClient() {
        this(null);
    }

    /** With {@code ssl} (e.g. the CSE's trust store) for https DAS endpoints; null for the JDK default. */
    public HttpDasClient(SSLContext ssl) {
        this.client = client(ssl);
    }

    private static HttpClient client(SSLContext ssl) {
        HttpClient.Builder b = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (ssl != null) {
            b.sslContext(ssl);
        }
        return b.build();
    }

    @Override
    public JsonNode notify(URI das, String originator, JsonNode content, Duration timeout) throws DasFailure {
        java.net.http.HttpRequest rq;
        try {
            rq = java.net.http.HttpRequest.newBuilder(das)
                    .timeout(timeout)
                    .header("X-M2M-Origin", originator)
                    .header("X-M2M-RI", "das-" + RQI.incrementAndGet())
                    .header("X-M2M-RVI", "3")
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(content)))
                    .build();
        } catch (IOException | IllegalArgumentException e) {
            throw new DasFailure("the request to the DAS at " + das + " could not be formed");
        }
        CompletableFuture<HttpResponse<byte[]>> f = client.sendAsync(rq, BoundedBody.orFail(MAX_BODY));
        HttpResponse<byte[]> r;
        try {
            r = f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new DasFailure("the DAS at " + das + " did not answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new DasFailure("interrupted while waiting for the DAS at " + das);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            for (Throwable t = c; t != null; t = t.getCause()) {
                if (t instanceof BoundedBody.TooLarge) {
                    c = t;
                }
            }
            if (c instanceof HttpTimeoutException) {
                throw new DasFailure("the DAS at " + das + " did not answer within " + timeout.toMillis() + " ms");
            }
            if (c instanceof BoundedBody.TooLarge) {
                throw new DasFailure("the DAS at " + das + " answered with more than " + MAX_BODY + " bytes");
            }
            // The JDK's own words name its classes and certificate machinery: the log keeps them for the operator,
            // the failure (which a refused originator may read) says what happened.
            LOG.info("consulting the DAS at {} failed: {}", das, printable(String.valueOf(c), 300));
            SSLException tls = tlsFailure(c);
            if (tls != null) {
                throw new DasFailure("the TLS handshake with the DAS at " + das + " failed: " + tlsReason(tls));
            }
            throw new DasFailure("the DAS at " + das + " could not be reached: " + unreachable(c));
        }
        return answer(das, r);
    }

    private static JsonNode answer(URI das, HttpResponse<byte[]> r) throws DasFailure {
        String rsc = r.headers().firstValue("X-M2M-RSC").orElse(null);
        if (r.statusCode() / 100 != 2 || (rsc != null && !rsc.trim().startsWith("2"))) {
            throw new DasFailure("the DAS at " + das + " answered with an error (HTTP " + r.statusCode()
                    + (rsc == null ? "" : ", X-M2M-RSC " + safe(rsc)) + ")");
        }
        byte[] body = r.body();
        if (body == null || body.length == 0) {
            return null; // no content: nothing granted
        }
        String type = r.headers().firstValue("Content-Type").orElse("application/json").toLowerCase(Locale.ROOT);
        if (!type.contains("json")) {
            throw new DasFailure("the DAS at " + das + " answered with content that is not JSON");
        }
        try {
            JsonNode n = JSON.readTree(body);
            if (n == null || !n.isObject()) {
                throw new DasFailure("the DAS at " + das + " answered with JSON that is not an object");
            }
            return n;
        } catch (IOException e) {
            throw new DasFailure("the DAS at " + das + " answered with malformed JSON");
        }
    }

    /** Why a TLS handshake failed, in words: the JDK's message names classes and provider internals. */
    static String tlsReason(SSLException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        int alert = m.indexOf("Received fatal alert: ");
        if (alert >= 0) {
            String name = m.substring(alert + "Received fatal alert: ".length()).split("[^a-z_]", 2)[0];
            return "the DAS ended it with the alert " + (name.isEmpty() ? "(unnamed)" : name)
                    + " (does it trust this CSE's certificate?)";
        }
        if (m.contains("PKIX") || m.contains("certification path") || m.contains("CertPath")) {
            return "the DAS's certificate is not issued by a CA this CSE trusts for it (das.trust)";
        }
        if (m.contains("subject alternative") || m.contains("No name matching") || m.contains("hostname")) {
            return "the DAS's certificate does not name the address of its dap";
        }
        if (m.contains("expired") || m.contains("not yet valid")) {
            return "a certificate is expired or not yet valid";
        }
        if (m.contains("protocol") || m.contains("cipher")) {
            return "no TLS version or cipher suite both sides accept";
        }
        return "the DAS is not a TLS server this CSE can talk to";
    }

    /** Why a DAS could not be reached, in words. */
    private static String unreachable(Throwable c) {
        for (Throwable t = c; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException) {
                return "the connection was refused";
            }
            if (t instanceof java.net.UnknownHostException
                    || t instanceof java.nio.channels.UnresolvedAddressException) {
                return "its host name does not resolve";
            }
        }
        return "the connection failed";
    }

    /** The TLS failure in {@code t}'s causes, or null. */
    private static SSLException tlsFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SSLException s) {
                return s;
            }
        }
        return null;
    }

    /** {@code v} bounded to {@code max} characters, control characters replaced: fit for a message and a log line. */
    private static String printable(String v, int max) {
        if (v == null) {
            return "(no reason given)";
        }
        String t = v.length() > max ? v.substring(0, max) + "…" : v;
        return t.replaceAll("\\p{Cntrl}", "?");
    }

    /** A header value fit for a message: short and printable. */
    private static String safe(String v) {
        String t = v.trim();
        return t.length() <= 8 && t.chars().allMatch(Character::isLetterOrDigit) ? t : "(malformed)";
    }

    @Override
    public void close() {
        client.close();
    }
}
