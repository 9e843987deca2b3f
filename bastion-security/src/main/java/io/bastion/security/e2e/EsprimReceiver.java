package io.bastion.security.e2e;

import io.bastion.core.primitive.ResponseStatusCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * The Receiver's side of ESPrim (TS-0003 8.4.2 B.1, B.2e, C.6–C.8; 7.2.2): hands out receiver rand objects (one per
 * {@code sit}=3 request, and a shared one rotated before it expires), opens ESPrim objects with the checks of C.6 in
 * their order, refuses an object it has accepted before, and protects the inner response with the same session key.
 *
 * <p>Each failed check and its status code (TS-0003 names only 4116; the rest of the mapping is ours):
 * <table>
 * <caption>checks in order</caption>
 * <tr><td>malformed compact JWE or header ({@code alg} not dir, an encrypted key, a missing {@code kid}/{@code ori}/
 *     {@code rri}, a malformed {@code oro})</td><td>4000 BAD_REQUEST</td></tr>
 * <tr><td>{@code enc} not 10..12, {@code zip}/{@code crit}, a non-JSON {@code cty}</td>
 *     <td>4111 ESPRIM_UNSUPPORTED_OPTION</td></tr>
 * <tr><td>C.6a: {@code kid} unknown or its key expired</td><td>4112 ESPRIM_UNKNOWN_KEY_ID</td></tr>
 * <tr><td>C.6b.1: {@code rri} not issued here, or expired</td><td>4114 ESPRIM_UNKNOWN_RECV_RAND_ID</td></tr>
 * <tr><td>C.6b.2: {@code ori} neither in {@code oro} nor recorded for this key, expired, or expiring after the
 *     receiver's</td><td>4113 ESPRIM_UNKNOWN_ORIG_RAND_ID</td></tr>
 * <tr><td>C.6b.2.ii, C.6c.1: {@code esk} not offered, {@code espa} not a subset, {@code enc} not in the originator's
 *     {@code espa}</td><td>4111 ESPRIM_UNSUPPORTED_OPTION</td></tr>
 * <tr><td>C.6c.2: AEAD verification fails</td><td>4115 ESPRIM_BAD_MAC</td></tr>
 * <tr><td>the same object accepted before (replay)</td><td>4115 ESPRIM_BAD_MAC (the freshness half of the
 *     integrity check)</td></tr>
 * <tr><td>the provider fails to decrypt / encrypt</td><td>5210 / 5211</td></tr>
 * <tr><td>7.2.2: the inner {@code fr} is not the key's identity ({@link Opened#verifyOriginator})</td>
 *     <td>4116 ESPRIM_IMPERSONATION_ERROR</td></tr>
 * </table>
 *
 * <p>Replay: one rand pair protects many objects (C.3 and NOTE 2 allow it), so freshness is per object: the SHA-256
 * of each accepted compact object is kept until the earlier of its two rand objects expires, after which the
 * object is refused anyway (4113/4114). The caches are bounded ({@link Settings}); when the cache of accepted
 * objects is full of unexpired entries, new objects are refused (5207 NOT_ACCEPTABLE) rather than forgetting one.
 * Only objects that passed AEAD enter it, and a full {@code oro} is recorded only then, so no one without the key
 * can fill or poison them. Thread-safe.
 */
public final class EsprimReceiver {
    private static final HexFormat HEX = HexFormat.of();
    private final PairwiseKeyStore keys;
    private final Clock clock;
    private final SecureRandom random;
    private final Settings settings;
    private final Map<String, ReceiverRandObject> issued = new ConcurrentHashMap<>();
    private final Map<String, OriginatorRandObject> originators = new ConcurrentHashMap<>();
    private final Map<String, Instant> seen = new ConcurrentHashMap<>();
    private final AtomicReference<ReceiverRandObject> shared = new AtomicReference<>();

    /**
     * @param randLifetime how long a receiver rand object is valid
     * @param maxRandObjects receiver rand objects held at once (beyond it the one expiring first is dropped)
     * @param maxOriginatorObjects originator rand objects recorded at once (same rule)
     * @param maxSeenObjects accepted ESPrim objects remembered for replay protection
     * @param algorithms the AEAD algorithms offered, in {@code espa}
     */
    public record Settings(Duration randLifetime, int maxRandObjects, int maxOriginatorObjects, int maxSeenObjects,
                           List<EsprimAlgorithm> algorithms) {
        public Settings {
            if (randLifetime.compareTo(Duration.ofSeconds(10)) < 0) {
                throw new IllegalArgumentException("a rand object lifetime under 10 s leaves no time to use it");
            }
            algorithms = List.copyOf(algorithms);
        }

        /** One hour, 10 000 rand objects of each kind, 100 000 objects, all three AES-GCM key sizes. */
        public static Settings defaults() {
            return new Settings(Duration.ofHours(1), 10_000, 10_000, 100_000, List.of(EsprimAlgorithm.values()));
        }
    }

    public EsprimReceiver(PairwiseKeyStore keys, Clock clock, SecureRandom random, Settings settings) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** A fresh, unique receiver rand object (the answer to {@code sit}=3, 8.4.2 B.2e); its ID starts with U. */
    public ReceiverRandObject issueRandObject() {
        return issue("U");
    }

    /**
     * The shared receiver rand object ({@code esro}, B.1): the current one, or a new one once less than half of its
     * lifetime is left, so that an originator reading it always has half a lifetime to use it; a replaced one stays
     * valid until it expires. Its ID starts with S.
     */
    public ReceiverRandObject sharedRandObject() {
        Instant now = clock.instant();
        ReceiverRandObject current = shared.get();
        if (current != null && now.plus(settings.randLifetime().dividedBy(2)).isBefore(current.esrx())) {
            return current;
        }
        synchronized (shared) {
            current = shared.get();
            if (current == null || !now.plus(settings.randLifetime().dividedBy(2)).isBefore(current.esrx())) {
                current = issue("S");
                shared.set(current);
            }
            return current;
        }
    }

    private ReceiverRandObject issue(String prefix) {
        Instant now = clock.instant();
        byte[] id = new byte[12];
        random.nextBytes(id);
        List<Integer> espa = settings.algorithms().stream().map(EsprimAlgorithm::id).toList();
        ReceiverRandObject r = new ReceiverRandObject(prefix + HEX.formatHex(id), RandValue.fresh(random),
                now.plus(settings.randLifetime()).truncatedTo(ChronoUnit.SECONDS),
                List.of(SessionKeyDerivation.HMAC_SHA256), espa);
        makeRoom(issued, settings.maxRandObjects(), now, ReceiverRandObject::esrx);
        issued.put(r.esri(), r);
        return r;
    }

    /**
     * Opens an ESPrim object: the checks of 8.4.2 C.6 in order, then the replay check. The inner {@code fr} is the
     * caller's to check next ({@link Opened#verifyOriginator}), once it has parsed the inner primitive.
     *
     * @throws EsprimRefusal with the status code of the failed check (see the class comment)
     */
    public Opened open(String compact) {
        Instant now = clock.instant();
        EsprimHeader h = EsprimHeader.parse(compact, now);
        String kid = h.kid();
        PairwiseKey key = keys.lookup(kid).filter(k -> k.validAt(now)).orElseThrow(() ->
                refuse(ResponseStatusCode.ESPRIM_UNKNOWN_KEY_ID, "no pairwiseESPrimKey " + kid + " is known here"
                        + " (or it has expired)", kid));
        ReceiverRandObject receiver = issued.get(h.rri());
        if (receiver == null || !receiver.validAt(now)) {
            throw refuse(ResponseStatusCode.ESPRIM_UNKNOWN_RECV_RAND_ID, "the receiver rand object " + h.rri()
                    + (receiver == null ? " was not issued here" : " has expired") + "; ask for a new one (sit 3)",
                    kid);
        }
        String originatorKey = kid + " " + h.ori();
        OriginatorRandObject recorded = originators.get(originatorKey);
        OriginatorRandObject given = h.oro() != null && h.oro().esri().equals(h.ori()) ? h.oro() : null;
        if (given != null && recorded != null && !given.equals(recorded)) {
            throw refuse(ResponseStatusCode.ESPRIM_UNKNOWN_ORIG_RAND_ID, "the originator rand object " + h.ori()
                    + " was recorded with other values; an esprimRandID is never reused", kid);
        }
        OriginatorRandObject originator = given != null ? given : recorded;
        if (originator == null) {
            throw refuse(ResponseStatusCode.ESPRIM_UNKNOWN_ORIG_RAND_ID, "the originator rand object " + h.ori()
                    + " is not known here; send it in the oro header", kid);
        }
        if (!originator.validAt(now)) {
            throw refuse(ResponseStatusCode.ESPRIM_UNKNOWN_ORIG_RAND_ID, "the originator rand object " + h.ori()
                    + " has expired", kid);
        }
        if (originator.esrx().isAfter(receiver.esrx())) {
            throw refuse(ResponseStatusCode.ESPRIM_UNKNOWN_ORIG_RAND_ID, "the originator rand object " + h.ori()
                    + " expires after the receiver rand object " + h.rri() + " (TS-0003 8.4.2 C.6b.2.i)", kid);
        }
        if (!receiver.esks().contains(originator.esk())) {
            throw refuse(ResponseStatusCode.ESPRIM_UNSUPPORTED_OPTION, "the key generation algorithm esk "
                    + originator.esk() + " is not among the receiver's " + receiver.esks(), kid);
        }
        if (!receiver.espa().containsAll(originator.espa())) {
            throw refuse(ResponseStatusCode.ESPRIM_UNSUPPORTED_OPTION, "the originator's algorithms "
                    + originator.espa() + " are not a subset of the receiver's " + receiver.espa(), kid);
        }
        if (!originator.espa().contains(h.alg().id())) {
            throw refuse(ResponseStatusCode.ESPRIM_UNSUPPORTED_OPTION, "enc " + h.alg() + " (" + h.alg().id()
                    + ") is not among the originator's algorithms " + originator.espa(), kid);
        }
        SessionKey sessionKey = SessionKeyDerivation.derive(key, receiver.esrv(), originator.esrv());
        byte[] plaintext = EsprimCipher.open(compact, h, sessionKey);
        Instant until = originator.esrx().isBefore(receiver.esrx()) ? originator.esrx() : receiver.esrx();
        String digest = digest(compact);
        if (seen.size() >= settings.maxSeenObjects()) {
            seen.values().removeIf(t -> !now.isBefore(t));
            if (seen.size() >= settings.maxSeenObjects()) {
                throw refuse(ResponseStatusCode.NOT_ACCEPTABLE, "this receiver remembers "
                        + settings.maxSeenObjects() + " ESPrim objects within their rand objects' lifetime already; "
                        + "try again later", kid);
            }
        }
        if (seen.putIfAbsent(digest, until) != null) {
            throw refuse(ResponseStatusCode.ESPRIM_BAD_MAC, "this ESPrim object was accepted before (replay)", kid);
        }
        if (given != null && recorded == null) {
            makeRoom(originators, settings.maxOriginatorObjects(), now, OriginatorRandObject::esrx);
            originators.putIfAbsent(originatorKey, given);
        }
        return new Opened(key, h, plaintext, sessionKey);
    }

    private static <V> void makeRoom(Map<String, V> map, int max, Instant now,
                                     java.util.function.Function<V, Instant> expiry) {
        if (map.size() < max) {
            return;
        }
        map.values().removeIf(v -> !now.isBefore(expiry.apply(v)));
        while (map.size() >= max) {
            map.entrySet().stream().min(Map.Entry.comparingByValue(java.util.Comparator.comparing(expiry)))
                    .ifPresent(e -> map.remove(e.getKey()));
        }
    }

    private static String digest(String compact) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(compact.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static EsprimRefusal refuse(ResponseStatusCode status, String message, String kid) {
        return new EsprimRefusal(status, message, kid);
    }

    /** An ESPrim object that passed the checks: its key, header and verified plaintext, and how to answer it. */
    public final class Opened {
        private final PairwiseKey key;
        private final EsprimHeader header;
        private final byte[] plaintext;
        private final SessionKey sessionKey;

        private Opened(PairwiseKey key, EsprimHeader header, byte[] plaintext, SessionKey sessionKey) {
            this.key = key;
            this.header = header;
            this.plaintext = plaintext;
            this.sessionKey = sessionKey;
        }

        public PairwiseKey key() {
            return key;
        }

        public EsprimHeader header() {
            return header;
        }

        /** The verified serialization of the inner request (a copy). */
        public byte[] plaintext() {
            return plaintext.clone();
        }

        /**
         * TS-0003 7.2.2 steps 3–4: the inner {@code fr}, and the key's identity, both in the form {@code canonical}
         * gives them, must be identical.
         *
         * @throws EsprimRefusal 4116 ESPRIM_IMPERSONATION_ERROR otherwise
         */
        public void verifyOriginator(String fr, UnaryOperator<String> canonical) {
            String claimed = fr == null ? "" : canonical.apply(fr);
            if (!Objects.equals(claimed, canonical.apply(key.entity()))) {
                throw refuse(ResponseStatusCode.ESPRIM_IMPERSONATION_ERROR, "the inner request's originator "
                        + (fr == null || fr.isEmpty() ? "(none)" : fr) + " is not " + key.entity()
                        + ", the identity of pairwiseESPrimKey " + key.keyId(), key.keyId());
            }
        }

        /**
         * The ESPrim object of the serialized inner response (C.8): the same key, rand IDs and AEAD algorithm as the
         * request.
         *
         * @throws EsprimRefusal 5211 when encryption fails
         */
        public String protect(byte[] innerResponse, String cty) {
            return EsprimCipher.seal(innerResponse, cty, key.keyId(), header.alg(), header.ori(), header.rri(), null,
                    sessionKey, random);
        }
    }
}
