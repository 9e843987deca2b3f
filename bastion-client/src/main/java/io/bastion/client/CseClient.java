package io.bastion.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.client.notification.NotificationReceiver;
import io.bastion.core.codec.Codec;
import io.bastion.core.codec.Codecs;
import io.bastion.core.codec.Serialization;
import io.bastion.core.http.HttpMapping;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.primitive.ResultContent;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An AE's connection to its CSE over HTTP, HTTPS or TLS-PSK (TS-0009): register, create, retrieve, update, delete,
 * discover, read the latest or oldest instance, subscribe, and send any other request primitive. Built once by
 * {@link #builder}; safe to share between threads.
 *
 * <p>Every request carries the originator ({@code X-M2M-Origin}), a fresh request identifier ({@code X-M2M-RI}: a
 * random prefix per client and a counter, so that two clients of one AE never repeat each other's) and the release
 * version ({@code X-M2M-RVI}, 3 unless told). Targets are written as oneM2M addresses and mapped by TS-0009 6.2.2.1:
 * {@code cse-in/myapp} (CSE-relative), {@code /id-in/cse-in/myapp} (SP-relative, sent as {@code /~/id-in/…}),
 * {@code //sp.example/id-in/cse-in/myapp} (absolute, sent as {@code /_/sp.example/…}).
 *
 * <p>The operations return a {@link Result} when the CSE answers with a success (1xxx, 2xxx) and throw a
 * {@link CseException} carrying the oneM2M code otherwise, including when no answer came. {@link #send} returns
 * whatever the CSE answered, for a caller that reads the code itself (an end-to-end protected exchange, say).
 */
public final class CseClient implements AutoCloseable {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Transport transport;
    private final String cseId;
    private final String spId;
    private final String rvi;
    private final String rqiPrefix = "c" + UUID.randomUUID().toString().substring(0, 8) + "-";
    private final AtomicLong rqiCounter = new AtomicLong();
    private volatile String originator;

    private CseClient(Builder b, Codec codec) {
        this.transport = b.pskIdentity != null
                ? new PskTransport(b.baseUrl, b.pskIdentity, b.pskKey, codec, b.connectTimeout, b.timeout)
                : new JdkTransport(b.baseUrl, b.tls == null ? null : b.tls.context(), codec, b.connectTimeout,
                        b.timeout);
        this.cseId = b.cseId;
        this.spId = b.spId;
        this.rvi = b.rvi;
        this.originator = b.originator;
    }

    /** A client of the CSE whose HTTP or HTTPS door is {@code baseUrl} ({@code https://cse.example:8443}). */
    public static Builder builder(String baseUrl) {
        return new Builder(baseUrl);
    }

    /** The originator of the next request: the AE-ID given, or the one the CSE assigned at {@link #registerAe}. */
    public String originator() {
        return originator;
    }

    /** The M2M-SP-ID given to the builder ({@code sp.example}), or null. */
    public String spId() {
        return spId;
    }

    /** The CSE-ID of the CSE ({@code /id-in}). */
    public String cseId() {
        return cseId;
    }

    /** The SP-relative address of a CSE-relative one: {@code cse-in/x} is {@code /id-in/cse-in/x}. */
    public String spRelative(String cseRelative) {
        return cseId + "/" + cseRelative;
    }

    /** The absolute address of a CSE-relative one: {@code cse-in/x} is {@code //sp.example/id-in/cse-in/x}. */
    public String absolute(String cseRelative) {
        if (spId == null) {
            throw new IllegalStateException("no SP-ID was given to the builder (spId)");
        }
        return "//" + spId + spRelative(cseRelative);
    }

    // ------------------------------------------------------------------------------------------ registration

    /**
     * Registers this AE with the CSE (TS-0001 10.2.2.2): an {@code <AE>} named {@code rn} with App-ID {@code api},
     * not request-reachable, release 3. The originator given to the builder is the AE-ID asked for ({@code Cmyapp};
     * {@code C} or none for one the CSE assigns); the AE-ID in the answer ({@code aei}) is this client's originator
     * from then on.
     */
    public Result registerAe(String rn, String api) {
        ObjectNode ae = NODES.objectNode().put("rn", rn).put("api", api).put("rr", false);
        ae.putArray("srv").add("3");
        return registerAe(ae);
    }

    /** As {@link #registerAe(String, String)} with every attribute of {@code m2m:ae} given ({@code poa}, {@code rr}…). */
    public Result registerAe(ObjectNode aeAttributes) {
        Result r = call(request(Operation.CREATE, cseId).ty(2).pc(NODES.objectNode().set("m2m:ae", aeAttributes))
                .build());
        String aei = r.attribute("aei");
        if (aei != null && !aei.isEmpty()) {
            originator = aei;
        }
        return r;
    }

    // ------------------------------------------------------------------------------------------------ CRUD

    /** Creates a resource of type {@code ty} under {@code parent}; {@code content} is rooted ({@code {"m2m:cnt":…}}). */
    public Result create(String parent, int ty, JsonNode content) {
        return call(request(Operation.CREATE, parent).ty(ty).pc(content).build());
    }

    /** Creates a {@code <container>} named {@code rn} under {@code parent}. */
    public Result createContainer(String parent, String rn) {
        return create(parent, 3, NODES.objectNode().set("m2m:cnt", NODES.objectNode().put("rn", rn)));
    }

    /** Writes a reading: a {@code <contentInstance>} whose content ({@code con}) is {@code con}. */
    public Result createContentInstance(String container, String con) {
        return create(container, 4, NODES.objectNode().set("m2m:cin", NODES.objectNode().put("con", con)));
    }

    /** Retrieves {@code target}'s attributes. */
    public Result retrieve(String target) {
        return call(request(Operation.RETRIEVE, target).build());
    }

    /** Retrieves {@code target} with the result content {@code rcn} (e.g. attributes and child resources). */
    public Result retrieve(String target, ResultContent rcn) {
        return call(request(Operation.RETRIEVE, target).rcn(rcn.code()).build());
    }

    /** Updates {@code target} with the attributes of {@code content} ({@code {"m2m:cnt":{"mni":5}}}). */
    public Result update(String target, JsonNode content) {
        return call(request(Operation.UPDATE, target).pc(content).build());
    }

    /** Deletes {@code target}. */
    public Result delete(String target) {
        return call(request(Operation.DELETE, target).build());
    }

    /** The latest instance of a container, flexContainer or timeSeries ({@code la}, TS-0001 9.6.27). */
    public Result latest(String container) {
        return retrieve(container + "/la");
    }

    /** The oldest instance ({@code ol}). */
    public Result oldest(String container) {
        return retrieve(container + "/ol");
    }

    /**
     * Discovery ({@code fu}=1, TS-0001 10.2.6): the addresses of the resources below {@code target} that match
     * {@code filter} and that this originator may DISCOVER.
     */
    public List<String> discover(String target, Filter filter) {
        return call(request(Operation.RETRIEVE, target).fc(filter.discovery()).build()).uris();
    }

    // ------------------------------------------------------------------------------------------ subscription

    /**
     * Subscribes {@code receiver} to {@code target} (a {@code <subscription>} named {@code rn} whose {@code nu} is the
     * receiver's URL, notification content type 1: the whole resource) for the event types {@code net} (none: 1,
     * updates of the target). The receiver is first told to expect this CSE and this originator, so that it answers
     * the CSE's verification request (TS-0004 7.5.1.2.3).
     */
    public Result subscribe(String target, String rn, NotificationReceiver receiver, int... net) {
        String subscriber = originator;
        if (subscriber == null || subscriber.isEmpty() || subscriber.equals("C") || subscriber.equals("S")) {
            throw new IllegalStateException("subscribing needs this AE's AE-ID: give it to the builder or register "
                    + "first");
        }
        receiver.expect(cseId, subscriber);
        ObjectNode sub = NODES.objectNode().put("rn", rn).put("nct", 1);
        sub.putArray("nu").add(receiver.url());
        var types = sub.putObject("enc").putArray("net");
        if (net.length == 0) {
            types.add(1);
        }
        for (int t : net) {
            types.add(t);
        }
        return create(target, 23, NODES.objectNode().set("m2m:sub", sub));
    }

    // ------------------------------------------------------------------------------------------------ any

    /**
     * A request to {@code target} with this client's originator, a fresh request identifier and its release version;
     * the caller adds the rest ({@code ty}, {@code pc}, {@code rcn}, {@code fc}, tokens…) and sends it with
     * {@link #call} or {@link #send}.
     */
    public Request.Builder request(Operation op, String target) {
        return Request.builder(op, target).fr(originator).rqi(nextRqi()).rvi(rvi);
    }

    /** Sends {@code rq}; its result when the CSE answers with a success, else a {@link CseException}. */
    public Result call(Request rq) {
        return result(rq, send(rq));
    }

    /**
     * The answer {@code r} to {@code rq} as {@link #call} returns it: a {@link Result} for a success, else a
     * {@link CseException} with its code, e.g. for the inner response of an end-to-end protected exchange.
     */
    public static Result result(Request rq, Response r) {
        if (!r.rsc().isSuccess()) {
            throw new CseException(describe(rq), r);
        }
        return new Result(r);
    }

    /**
     * Sends any request primitive (a NOTIFY to a target, a request built by hand) and returns the CSE's answer
     * whatever its code. Absent {@code fr}, {@code rqi} and {@code rvi} are this client's.
     *
     * @throws CseException only when no answer came (5103 unreachable, 4008 timed out), or 4000 when the request
     *         cannot be expressed in TS-0009 (no target, a CREATE without {@code ty}), before anything is sent
     */
    public Response send(Request rq) {
        Request full = complete(rq);
        try {
            return transport.exchange(full);
        } catch (IllegalArgumentException e) {
            throw new CseException(describe(full), ResponseStatusCode.BAD_REQUEST, e.getMessage(), e);
        } catch (HttpTimeoutException | SocketTimeoutException e) {
            throw new CseException(describe(full), ResponseStatusCode.REQUEST_TIMEOUT, "no answer in time", e);
        } catch (IOException e) {
            throw new CseException(describe(full), ResponseStatusCode.TARGET_NOT_REACHABLE, String.valueOf(
                    e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CseException(describe(full), ResponseStatusCode.REQUEST_TIMEOUT, "interrupted", e);
        }
    }

    private Request complete(Request rq) {
        if (rq.fr() != null && rq.rqi() != null && rq.rvi() != null) {
            return rq;
        }
        Request.Builder b = rq.toBuilder();
        if (rq.fr() == null) {
            b.fr(originator);
        }
        if (rq.rqi() == null) {
            b.rqi(nextRqi());
        }
        if (rq.rvi() == null) {
            b.rvi(rvi);
        }
        return b.build();
    }

    /** A fresh request identifier of this client (for a primitive built without {@link #request}). */
    public String nextRequestId() {
        return nextRqi();
    }

    private String nextRqi() {
        return rqiPrefix + rqiCounter.incrementAndGet();
    }

    /** How a request is named in a {@link CseException}'s message: operation, target, originator, request ID. */
    public static String describe(Request rq) {
        return rq.op() + " " + rq.to() + " (" + rq.fr() + ", " + rq.rqi() + ")";
    }

    @Override
    public void close() {
        transport.close();
    }

    /** Builds a {@link CseClient}: the CSE's address and CSE-ID are required, the rest has defaults. */
    public static final class Builder {
        private final String baseUrl;
        private String cseId;
        private String spId;
        private String originator;
        private String rvi = "3";
        private Serialization serialization = Serialization.JSON;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration timeout = Duration.ofSeconds(30);
        private Tls tls;
        private String pskIdentity;
        private byte[] pskKey;

        private Builder(String baseUrl) {
            if (!HttpMapping.isHttp(baseUrl)) {
                throw new IllegalArgumentException("the CSE's address must be an http:// or https:// URL: " + baseUrl);
            }
            this.baseUrl = baseUrl;
        }

        /** The CSE's CSE-ID ({@code /id-in}); the AE registers at this address (its CSEBase). */
        public Builder cseId(String id) {
            if (id == null || !id.startsWith("/") || id.length() < 2 || id.indexOf('/', 1) >= 0) {
                throw new IllegalArgumentException("a CSE-ID is '/' and one segment, e.g. /id-in: " + id);
            }
            this.cseId = id;
            return this;
        }

        /** The M2M-SP-ID ({@code sp.example}), for absolute addresses. */
        public Builder spId(String id) {
            this.spId = id.startsWith("//") ? id.substring(2) : id;
            return this;
        }

        /** The originator: this AE's AE-ID ({@code Cmyapp}), or {@code C} to have one assigned at registration. */
        public Builder originator(String aeId) {
            this.originator = aeId;
            return this;
        }

        /** The release version indicator ({@code X-M2M-RVI}), 3 unless told. */
        public Builder releaseVersion(String v) {
            this.rvi = Objects.requireNonNull(v);
            return this;
        }

        /** The serialization of request content: JSON (default), CBOR or XML. */
        public Builder serialization(Serialization s) {
            this.serialization = Objects.requireNonNull(s);
            return this;
        }

        /** How long a connection may take to open (5 s unless told). */
        public Builder connectTimeout(Duration d) {
            this.connectTimeout = Objects.requireNonNull(d);
            return this;
        }

        /** How long a request may wait for its answer (30 s unless told). */
        public Builder timeout(Duration d) {
            this.timeout = Objects.requireNonNull(d);
            return this;
        }

        /** What to trust and present on an {@code https} address ({@link Tls}); without it, https is refused. */
        public Builder tls(Tls t) {
            this.tls = t;
            return this;
        }

        /**
         * Requests over the CSE's TLS-PSK door ({@code https://HOST:PORT}, TS-0003 8.2.2.1 and 8.2.2.3): HTTP/1.1 on
         * one kept-alive TLS 1.2 PSK session ({@link io.bastion.client.trust.PskChannel}), reopened when the CSE ended
         * it. {@code identity} is a provisioned KpsaID or a MAF key's {@code RelativeKeyID@MAF-FQDN} ({@link
         * io.bastion.client.trust.MafKey#pskIdentity()}); the key is copied, kept until {@link CseClient#close}, never
         * shown. Excludes {@link #tls}.
         */
        public Builder psk(String identity, byte[] key) {
            this.pskIdentity = Objects.requireNonNull(identity, "identity");
            this.pskKey = Objects.requireNonNull(key, "key").clone();
            return this;
        }

        public CseClient build() {
            if (cseId == null) {
                throw new IllegalStateException("the CSE-ID is required (cseId)");
            }
            if (pskIdentity != null && (tls != null || !baseUrl.regionMatches(true, 0, "https://", 0, 8))) {
                throw new IllegalStateException("psk is for an https address (the CSE's TLS-PSK door) and excludes "
                        + "tls");
            }
            if (baseUrl.regionMatches(true, 0, "https://", 0, 8) && tls == null && pskIdentity == null) {
                // The JDK's public CAs are no ground for trusting a CSE: the operator's CA must be named.
                throw new IllegalStateException("an https address needs the CA to trust (tls)");
            }
            Codec codec = new Codecs().forSerialization(serialization);
            if (codec == null) {
                throw new IllegalArgumentException(serialization + " is not written by this client");
            }
            return new CseClient(this, codec);
        }
    }
}
