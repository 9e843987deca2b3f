package io.bastion.client.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.client.CseClient;
import io.bastion.client.CseException;
import io.bastion.client.Result;
import io.bastion.core.id.IdForms;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.security.e2e.E2eSecInfo;
import io.bastion.security.e2e.EsprimAlgorithm;
import io.bastion.security.e2e.EsprimHeader;
import io.bastion.security.e2e.EsprimOriginator;
import io.bastion.security.e2e.EsprimReceiver;
import io.bastion.security.e2e.InnerPrimitives;
import io.bastion.security.e2e.PairwiseKey;
import io.bastion.security.e2e.PairwiseKeyStore;
import io.bastion.security.e2e.ReceiverRandObject;
import io.bastion.security.e2e.SecurityInfo;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * An AE as ESPrim Originator (TS-0003 8.4.2, TS-0001 11.4.2): {@link #call} protects an inner request with a
 * pairwiseESPrimKey, sends it as {@code {"m2m:seci":{"sit":5,"epo":…}}} in a NOTIFY to the Receiver (a CSEBase, or
 * an AE's resource that its CSE relays to the AE), opens the protected answer and returns it exactly as an
 * unprotected {@link CseClient#call} does: a {@link Result}, or a {@link CseException} with the inner response's code.
 * An outer refusal (4111–4115, unprotected: no session was established) is a {@link CseException} with that code; an
 * answer that does not verify here is one with the code of the failed check and {@link CseException#answered()} false.
 *
 * <p>The receiver rand object comes from a {@code sit}=3 exchange with the Receiver (B.2d–f), or, when asked, from
 * the {@code esro} of the {@code esi} of the Receiver's resource (B.2c.2) when that is readable and unexpired. A session
 * (the two rand objects and the derived sessionESPrimKey) is kept per Receiver and key and protects many requests
 * (8.4.2 C.3) until it expires; an outer 4113/4114 (a Receiver that forgot its rand object, having restarted) starts
 * a new one once. The inner {@code fr} is this AE's AE-ID in SP-relative form ({@code /id-asn/Cdev}), which is what a
 * Receiver behind other CSEs knows the key's entity by, and which the own CSE reads as the AE-ID itself.
 *
 * <p>Thread-safe.
 */
public final class EsPrim {
    private final CseClient cse;
    private final PairwiseKeyStore keys;
    private final EsprimAlgorithm alg;
    private final Duration sessionLifetime;
    private final boolean sharedRandObject;
    private final Clock clock;
    private final SecureRandom random;
    private final EsprimOriginator originator;
    private final Map<String, EsprimOriginator.Session> sessions = new ConcurrentHashMap<>();

    private EsPrim(Builder b) {
        this.cse = b.cse;
        this.keys = b.keys;
        this.alg = b.alg;
        this.sessionLifetime = b.sessionLifetime;
        this.sharedRandObject = b.sharedRandObject;
        this.clock = b.clock;
        this.random = b.random;
        this.originator = new EsprimOriginator(clock, random);
    }

    /** ESPrim over {@code cse} with the keys in {@code keys} (provisioned, or established by {@link EsCertKe}). */
    public static Builder builder(CseClient cse, PairwiseKeyStore keys) {
        return new Builder(cse, keys);
    }

    /**
     * Sends {@code inner} protected with the key {@code keyId} to the Receiver at {@code receiver} (the address the
     * outer NOTIFY goes to: {@code /id-in/cse-in} for a CSE, the AE's resource for an AE) and returns its answer.
     *
     * @throws CseException as {@link CseClient#call} does, with the inner response's code (4103, 4004, 4116…), an
     *         outer refusal's code (4111–4115), or a code chosen here when the answer does not verify
     */
    public Result call(String receiver, String keyId, Request inner) {
        Exchange x = prepare(receiver, keyId, inner);
        Response outer = cse.send(x.outer());
        if (outer.rsc() == ResponseStatusCode.ESPRIM_UNKNOWN_RECV_RAND_ID
                || outer.rsc() == ResponseStatusCode.ESPRIM_UNKNOWN_ORIG_RAND_ID) {
            sessions.remove(sessionKey(receiver, keyId), x.session);
            x = prepare(receiver, keyId, inner);
            outer = cse.send(x.outer());
        }
        return x.open(outer);
    }

    /**
     * The outer NOTIFY that carries {@code inner} protected, and how to open its answer; {@link #call} is
     * {@code prepare}, {@link CseClient#send} and {@link Exchange#open}. For a caller that sends the NOTIFY itself.
     */
    public Exchange prepare(String receiver, String keyId, Request inner) {
        EsprimOriginator.Session s = session(receiver, keyId);
        Request full = complete(inner);
        String epo = s.protect(InnerPrimitives.requestBytes(full), EsprimHeader.JSON);
        Request outer = cse.request(Operation.NOTIFY, receiver).pc(SecurityInfo.esprimObject(epo).toJson()).build();
        return new Exchange(s, full, outer);
    }

    /**
     * The responder of an AE that is an ESPrim Receiver itself, for {@code NotificationReceiver.respond("m2m:seci",
     * …)}: {@code handler} answers each verified inner request (its originator already checked against the key's
     * identity) with the inner response, which goes back protected.
     */
    public EsPrimResponder responder(Function<Request, Response> handler) {
        return new EsPrimResponder(new EsprimReceiver(keys, clock, random, EsprimReceiver.Settings.defaults()),
                ids(cse), handler, clock);
    }

    /** The ID forms of this AE's CSE, by which inner originators are compared. */
    static IdForms ids(CseClient cse) {
        return new IdForms(cse.spId() == null ? "" : cse.spId(), cse.cseId());
    }

    /** The inner request with this AE's SP-relative AE-ID as {@code fr} and this client's {@code rqi} and release. */
    private Request complete(Request inner) {
        Request.Builder b = inner.toBuilder();
        String fr = inner.fr() == null ? cse.originator() : inner.fr();
        if (fr != null && !fr.startsWith("/") && IdForms.isAeIdStem(fr)) {
            fr = cse.spRelative(fr);
        }
        b.fr(fr);
        if (inner.rqi() == null) {
            b.rqi(cse.nextRequestId());
        }
        if (inner.rvi() == null) {
            b.rvi("3");
        }
        return b.build();
    }

    private EsprimOriginator.Session session(String receiver, String keyId) {
        String k = sessionKey(receiver, keyId);
        EsprimOriginator.Session s = sessions.get(k);
        if (s != null && s.valid()) {
            return s;
        }
        PairwiseKey key = keys.lookup(keyId).filter(p -> p.validAt(clock.instant())).orElseThrow(() ->
                new IllegalArgumentException("no valid pairwiseESPrimKey " + keyId + " is held here"));
        ReceiverRandObject r = randObject(receiver);
        try {
            s = originator.start(key, r, alg, sessionLifetime);
        } catch (IllegalArgumentException e) {
            throw CseException.here("ESPrim with " + receiver, ResponseStatusCode.ESPRIM_UNSUPPORTED_OPTION,
                    e.getMessage(), e);
        }
        sessions.put(k, s);
        return s;
    }

    private static String sessionKey(String receiver, String keyId) {
        return receiver + "\n" + keyId;
    }

    /** The Receiver's shared rand object when asked for and usable for a while, else a unique one by sit 3. */
    private ReceiverRandObject randObject(String receiver) {
        if (sharedRandObject) {
            ReceiverRandObject shared = shared(receiver);
            if (shared != null) {
                return shared;
            }
        }
        Request rq = cse.request(Operation.NOTIFY, receiver).pc(SecurityInfo.randObjectRequest().toJson()).build();
        Result r = CseClient.result(rq, cse.send(rq));
        try {
            SecurityInfo seci = SecurityInfo.fromJson(r.content(), clock.instant());
            if (seci.ero() == null) {
                throw OneM2MException.badRequest("the answer is m2m:seci sit " + seci.sit().value() + ", not 4");
            }
            return seci.ero();
        } catch (OneM2MException e) {
            throw CseException.here(CseClient.describe(rq), ResponseStatusCode.BAD_REQUEST, "the receiver's answer "
                    + "is not a receiverESPrimRandObject Response: " + e.getMessage(), e);
        }
    }

    private ReceiverRandObject shared(String receiver) {
        Response r = cse.send(cse.request(Operation.RETRIEVE, receiver).build());
        if (!r.rsc().isSuccess() || r.pc() == null || !r.pc().isObject() || r.pc().size() != 1) {
            return null;
        }
        JsonNode esi = r.pc().elements().next().get("esi");
        if (esi == null) {
            return null;
        }
        try {
            E2eSecInfo info = E2eSecInfo.fromJson(esi, "esi", clock.instant());
            ReceiverRandObject esro = info.esro();
            // used only with a minute left: a session never outlives its receiver rand object (B.2g)
            return esro != null && info.supportsEsprim() && esro.validAt(clock.instant().plusSeconds(60)) ? esro
                    : null;
        } catch (OneM2MException e) {
            return null;
        }
    }

    /** One protected request: the outer NOTIFY to send, and the opening of its answer. */
    public final class Exchange {
        private final EsprimOriginator.Session session;
        private final Request inner;
        private final Request outer;

        private Exchange(EsprimOriginator.Session session, Request inner, Request outer) {
            this.session = session;
            this.inner = inner;
            this.outer = outer;
        }

        /** The NOTIFY carrying the ESPrim object. */
        public Request outer() {
            return outer;
        }

        /** The inner request as protected (with its {@code fr}, {@code rqi} and {@code rvi} filled in). */
        public Request inner() {
            return inner;
        }

        /**
         * The inner answer carried by {@code response}, the answer to {@link #outer()}.
         *
         * @throws CseException as {@link EsPrim#call} says
         */
        public Result open(Response response) {
            String what = CseClient.describe(inner) + " protected by ESPrim";
            if (response.rsc() != ResponseStatusCode.OK) {
                return CseClient.result(inner, response); // an outer refusal, or a CSE on the path that failed
            }
            Response answer;
            try {
                SecurityInfo seci = SecurityInfo.fromJson(response.pc(), clock.instant());
                if (seci.epo() == null) {
                    throw OneM2MException.badRequest("the answer is m2m:seci sit " + seci.sit().value() + ", not 5");
                }
                answer = InnerPrimitives.response(session.open(seci.epo()));
            } catch (OneM2MException e) {
                throw CseException.here(what, e.status(), "the protected answer: " + e.getMessage(), e);
            }
            return CseClient.result(inner, answer);
        }
    }

    /** Builds an {@link EsPrim}. */
    public static final class Builder {
        private final CseClient cse;
        private final PairwiseKeyStore keys;
        private EsprimAlgorithm alg = EsprimAlgorithm.A256GCM;
        private Duration sessionLifetime = Duration.ofMinutes(10);
        private boolean sharedRandObject;
        private Clock clock = Clock.systemUTC();
        private SecureRandom random;

        private Builder(CseClient cse, PairwiseKeyStore keys) {
            this.cse = Objects.requireNonNull(cse, "cse");
            this.keys = Objects.requireNonNull(keys, "keys");
        }

        /** The AEAD algorithm (A256GCM unless told; the Receiver must offer it in {@code espa}). */
        public Builder algorithm(EsprimAlgorithm a) {
            this.alg = Objects.requireNonNull(a);
            return this;
        }

        /** How long this end's rand object, and so a session, lasts (10 minutes unless told; never past the
         *  Receiver's). */
        public Builder sessionLifetime(Duration d) {
            this.sessionLifetime = Objects.requireNonNull(d);
            return this;
        }

        /** Take the Receiver's shared rand object from its resource's {@code esi} when readable (one request less). */
        public Builder sharedRandObject(boolean use) {
            this.sharedRandObject = use;
            return this;
        }

        /** The clock of expiries (the system clock unless told). */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c);
            return this;
        }

        /** The randomness of rand objects and IVs (a new SecureRandom unless told). */
        public Builder random(SecureRandom r) {
            this.random = Objects.requireNonNull(r);
            return this;
        }

        public EsPrim build() {
            if (random == null) {
                random = new SecureRandom();
            }
            return new EsPrim(this);
        }
    }
}
