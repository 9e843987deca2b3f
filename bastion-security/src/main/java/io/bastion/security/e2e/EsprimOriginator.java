package io.bastion.security.e2e;

import io.bastion.core.primitive.ResponseStatusCode;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The Originator's side of ESPrim (TS-0003 8.4.2 B.2g–h, C.1–C.3, C.10–C.11): from a pairwise key and the
 * Receiver's rand object (its {@code esro}, or the {@code ero} of a {@code sit}=4 answer) it makes an
 * originatorESPrimRandObject and a {@link Session}, which protects inner requests and opens the protected responses.
 * The clock and the SecureRandom are given.
 */
public final class EsprimOriginator {
    private static final HexFormat HEX = HexFormat.of();
    private final Clock clock;
    private final SecureRandom random;

    public EsprimOriginator(Clock clock, SecureRandom random) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Starts a session with the AEAD algorithm {@code alg}.
     *
     * @param lifetime how long the originator rand object is to stay valid; it never outlives the receiver's
     *        (B.2g)
     * @throws IllegalArgumentException when the receiver's object has expired, does not offer HMAC-SHA256 or
     *         {@code alg}, or the key has expired
     */
    public Session start(PairwiseKey key, ReceiverRandObject receiver, EsprimAlgorithm alg, Duration lifetime) {
        Instant now = clock.instant();
        if (!receiver.validAt(now)) {
            throw new IllegalArgumentException("the receiverESPrimRandObject " + receiver.esri() + " has expired; "
                    + "ask for a new one (sit 3)");
        }
        if (!receiver.esks().contains(SessionKeyDerivation.HMAC_SHA256)) {
            throw new IllegalArgumentException("the receiver offers no key generation algorithm this end has "
                    + "(HMAC-SHA256, 1): " + receiver.esks());
        }
        if (!receiver.espa().contains(alg.id())) {
            throw new IllegalArgumentException("the receiver does not accept " + alg + " (" + alg.id() + "): "
                    + receiver.espa());
        }
        if (!key.validAt(now)) {
            throw new IllegalArgumentException("the pairwise key " + key.keyId() + " has expired");
        }
        Instant expiry = now.plus(lifetime).truncatedTo(ChronoUnit.SECONDS);
        if (expiry.isAfter(receiver.esrx())) {
            expiry = receiver.esrx();
        }
        byte[] id = new byte[12];
        random.nextBytes(id);
        OriginatorRandObject oro = new OriginatorRandObject("O" + HEX.formatHex(id), RandValue.fresh(random), expiry,
                SessionKeyDerivation.HMAC_SHA256, List.of(alg.id()));
        return new Session(key, receiver, oro, alg,
                SessionKeyDerivation.derive(key, receiver.esrv(), oro.esrv()));
    }

    /**
     * One sessionESPrimKey at the Originator: protects any number of inner requests, the first with the full
     * {@code oro} in its header (8.4.2 C.3: the Receiver may not know it yet) and later ones too, since a Receiver
     * that restarted knows none (Bastion always sends it; the text allows either), and opens the responses to them.
     */
    public final class Session {
        private final PairwiseKey key;
        private final ReceiverRandObject receiver;
        private final OriginatorRandObject originator;
        private final EsprimAlgorithm alg;
        private final SessionKey sessionKey;

        private Session(PairwiseKey key, ReceiverRandObject receiver, OriginatorRandObject originator,
                        EsprimAlgorithm alg, SessionKey sessionKey) {
            this.key = key;
            this.receiver = receiver;
            this.originator = originator;
            this.alg = alg;
            this.sessionKey = sessionKey;
        }

        public OriginatorRandObject originatorRandObject() {
            return originator;
        }

        public ReceiverRandObject receiverRandObject() {
            return receiver;
        }

        public PairwiseKey key() {
            return key;
        }

        /** True while both rand objects and the key are valid. */
        public boolean valid() {
            Instant now = clock.instant();
            return originator.validAt(now) && receiver.validAt(now) && key.validAt(now);
        }

        /** The ESPrim object (compact JWE) of the serialized inner request, {@code cty} its media type. */
        public String protect(byte[] innerRequest, String cty) {
            if (!valid()) {
                throw new IllegalStateException("the ESPrim session " + originator.esri() + "/" + receiver.esri()
                        + " has expired; start a new one");
            }
            return EsprimCipher.seal(innerRequest, cty, key.keyId(), alg, originator.esri(), receiver.esri(),
                    originator, sessionKey, random);
        }

        /**
         * The verified inner response of the ESPrim object the Receiver answered with (C.11): its {@code kid},
         * {@code ori} and {@code rri} must be this session's, the session still valid, the AEAD algorithm one this
         * end offered.
         *
         * @throws EsprimRefusal with the code the receiver would use for the same fault (4000, 4111..4115)
         */
        public byte[] open(String responseObject) {
            EsprimHeader h = EsprimHeader.parse(responseObject, clock.instant());
            if (!h.kid().equals(key.keyId())) {
                throw new EsprimRefusal(ResponseStatusCode.ESPRIM_UNKNOWN_KEY_ID, "the response names the key "
                        + h.kid() + ", not this session's " + key.keyId(), h.kid());
            }
            if (!h.ori().equals(originator.esri())) {
                throw new EsprimRefusal(ResponseStatusCode.ESPRIM_UNKNOWN_ORIG_RAND_ID, "the response names the "
                        + "originator rand object " + h.ori() + ", not this session's", h.kid());
            }
            if (!h.rri().equals(receiver.esri())) {
                throw new EsprimRefusal(ResponseStatusCode.ESPRIM_UNKNOWN_RECV_RAND_ID, "the response names the "
                        + "receiver rand object " + h.rri() + ", not this session's", h.kid());
            }
            if (!valid()) {
                throw new EsprimRefusal(ResponseStatusCode.ESPRIM_UNKNOWN_ORIG_RAND_ID, "the ESPrim session has "
                        + "expired; the response is discarded (TS-0003 8.4.2 C.11a)", h.kid());
            }
            if (!originator.espa().contains(h.alg().id())) {
                throw new EsprimRefusal(ResponseStatusCode.ESPRIM_UNSUPPORTED_OPTION, "the response uses " + h.alg()
                        + ", which this end did not offer", h.kid());
            }
            return EsprimCipher.open(responseObject, h, sessionKey);
        }

        @Override
        public String toString() {
            return "EsprimSession[" + key.keyId() + ", ori " + originator.esri() + ", rri " + receiver.esri() + "]";
        }
    }
}
