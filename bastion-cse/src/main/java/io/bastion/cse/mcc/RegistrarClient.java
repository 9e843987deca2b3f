package io.bastion.cse.mcc;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.core.binding.RequestTransport;
import io.bastion.core.codec.Serialization;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.cse.config.MccConfig;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This CSE's requests to its registrar: each one from this CSE's CSE-ID, release 3, in JSON, to {@code registrar.url}
 * through the request transport, bounded by {@code registrar.timeout-ms}. A registrar that cannot be reached or does
 * not answer in time is an {@link Unreachable}; any answer, an error included, is returned as it came.
 */
final class RegistrarClient {
    /** The release version this CSE speaks on the Mcc (TS-0004 {@code rvi}). */
    static final String RELEASE = "3";

    private final String cseId;
    private final MccConfig.Registrar registrar;
    private final RequestTransport transport;
    private final Duration timeout;
    private final AtomicLong rqi = new AtomicLong();

    /** The registrar could not be reached, or did not answer within the timeout. */
    static final class Unreachable extends Exception {
        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    RegistrarClient(String cseId, MccConfig.Registrar registrar, RequestTransport transport, Duration timeout) {
        this.cseId = cseId;
        this.registrar = registrar;
        this.transport = transport;
        this.timeout = timeout;
    }

    /** The SP-relative address of the registrar's CSEBase, {@code /id-in/cse-in}. */
    String cseBase() {
        return registrar.cseId() + "/" + registrar.cseBaseName();
    }

    /** The SP-relative structured address of this CSE's {@code <remoteCSE>} there, {@code /id-in/cse-in/id-mn}. */
    String ownRemoteCse() {
        return cseBase() + "/" + cseId.substring(1);
    }

    /** The SP-relative unstructured address of a resource ID there, {@code /id-in/id-mn}. */
    String byId(String ri) {
        return registrar.cseId() + "/" + ri;
    }

    Response retrieve(String to) throws Unreachable {
        return send(Request.builder(Operation.RETRIEVE, to), null, null);
    }

    Response create(String to, int ty, JsonNode pc) throws Unreachable {
        return send(Request.builder(Operation.CREATE, to), ty, pc);
    }

    Response update(String to, JsonNode pc) throws Unreachable {
        return send(Request.builder(Operation.UPDATE, to), null, pc);
    }

    Response delete(String to) throws Unreachable {
        return send(Request.builder(Operation.DELETE, to), null, null);
    }

    private Response send(Request.Builder b, Integer ty, JsonNode pc) throws Unreachable {
        Request rq = b.fr(cseId).rqi("reg-" + rqi.incrementAndGet()).rvi(RELEASE).ty(ty).pc(pc).build();
        try {
            return transport.send(registrar.url(), rq, Serialization.JSON, timeout)
                    .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new Unreachable(describe(cause), cause);
        } catch (TimeoutException e) {
            throw new Unreachable("no answer within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted", e);
        }
    }

    /** One line saying why an exchange failed, without a stack trace (logged once per change of state). */
    static String describe(Throwable t) {
        if (t instanceof TimeoutException || t instanceof java.net.http.HttpTimeoutException) {
            return "no answer in time";
        }
        String m = t.getMessage();
        Throwable root = t;
        while ((m == null || m.isBlank()) && root.getCause() != null) {
            root = root.getCause();
            m = root.getMessage();
        }
        return root.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }
}
