package io.bastion.client.e2e;

import io.bastion.client.CseClient;
import io.bastion.client.CseException;
import io.bastion.client.notification.NotificationReceiver;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.security.credential.PreSharedKey;
import io.bastion.security.e2e.InMemoryPairwiseKeys;
import io.bastion.security.e2e.PairwiseKey;
import io.bastion.security.escertke.EndPointCredentials;
import io.bastion.security.escertke.EsCertKeInitiator;
import io.bastion.security.escertke.EsCertKeMessage;
import io.bastion.security.escertke.EsCertKeResponder;
import io.bastion.security.escertke.PairwiseE2EKey;
import io.bastion.security.escertke.PeerCheck;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * An AE as an ESCertKE end-point (TS-0003 8.7, TS-0001 11.4.3) with its certificate: {@link #initiate} runs the
 * procedure as the Initiating End-Point through {@link CseClient#send} (two NOTIFYs to the Terminating End-Point: an
 * AE's resource, which its CSE relays to the AE, or a CSEBase), {@link #responder} answers as the Terminating
 * End-Point on a {@link NotificationReceiver}. Either way the established pairwiseE2EKey goes into the AE's
 * {@link InMemoryPairwiseKeys} as a pairwiseESPrimKey (its ID the key ID, its entity the peer, until the key
 * lifetime), so that {@link EsPrim} can use it at once, and is returned (initiator) or handed to a listener
 * (responder).
 */
public final class EsCertKe {
    private final EndPointCredentials own;
    private final PeerCheck peers;
    private final InMemoryPairwiseKeys keys;
    private final Duration keyLifetime;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param own this AE's key and certificate (EC P-256, TS-0003 10.1.1)
     * @param peers how the other end-point's certificate is checked ({@link PeerCheck#anchors}: the CAs this AE
     *        trusts, the ID forms of its CSE)
     * @param keys where established keys go
     * @param keyLifetime how long an established key is used (TS-0003 sets none; the peers should agree)
     */
    public EsCertKe(EndPointCredentials own, PeerCheck peers, InMemoryPairwiseKeys keys, Duration keyLifetime,
                    Clock clock) {
        this.own = Objects.requireNonNull(own, "own");
        this.peers = Objects.requireNonNull(peers, "peers");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.keyLifetime = Objects.requireNonNull(keyLifetime, "keyLifetime");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Runs ESCertKE with the end-point {@code terminatingId} (its AE-ID or CSE-ID, which its certificate must name)
     * at the address {@code target}, and keeps the key.
     *
     * @throws CseException with the Terminating End-Point's code (4106 when it refuses this AE's certificate, 4000…)
     *         or, raised here, 4106 when its certificate does not authenticate {@code terminatingId}
     */
    public PairwiseE2EKey initiate(CseClient cse, String target, String terminatingId) {
        EsCertKeInitiator initiator = new EsCertKeInitiator(own, peers, terminatingId, random, clock,
                EsCertKeInitiator.DEFAULT_TIMEOUT);
        EsCertKeMessage m2 = exchange(cse, target, initiator.message1());
        EsCertKeMessage m3;
        try {
            m3 = initiator.message3(m2);
        } catch (OneM2MException e) {
            throw CseException.here("ESCertKE with " + terminatingId, e.status(), e.getMessage(), e);
        }
        EsCertKeMessage m4 = exchange(cse, target, m3);
        PairwiseE2EKey key;
        try {
            key = initiator.finish(m4);
        } catch (OneM2MException e) {
            throw CseException.here("ESCertKE with " + terminatingId, e.status(), e.getMessage(), e);
        }
        keep(key);
        return key;
    }

    /**
     * The Terminating End-Point's answer to each ESCertKE Message a NOTIFY brings, for
     * {@code NotificationReceiver.respond("m2m:seci", …)} or {@link EsPrimResponder#withEsCertKe}; the NOTIFY's
     * originator must be the entity the initiator's certificate names. Each established key is kept and then given to
     * {@code established} (which may ignore it; never log it).
     */
    public NotificationReceiver.Responder responder(Consumer<PairwiseE2EKey> established) {
        EsCertKeResponder responder = new EsCertKeResponder(own, peers, random, clock,
                EsCertKeInitiator.DEFAULT_TIMEOUT, EsCertKeResponder.DEFAULT_MAX_PROCEDURES);
        return (originator, rqi, content) -> {
            EsCertKeResponder.Reply r = responder.handle(originator, EsCertKeMessage.fromContent(content));
            if (r.key() != null) {
                keep(r.key());
                established.accept(r.key());
            }
            return r.message().toContent();
        };
    }

    private EsCertKeMessage exchange(CseClient cse, String target, EsCertKeMessage m) {
        Request rq = cse.request(Operation.NOTIFY, target).pc(m.toContent()).build();
        Response r = cse.send(rq);
        if (r.rsc() != ResponseStatusCode.OK) {
            CseClient.result(rq, r); // a refusal: its code
            throw CseException.here(CseClient.describe(rq), ResponseStatusCode.BAD_REQUEST, "the ESCertKE answer is "
                    + r.rsc().code() + ", not 2000", null);
        }
        try {
            return EsCertKeMessage.fromContent(r.pc());
        } catch (OneM2MException e) {
            throw CseException.here(CseClient.describe(rq), e.status(), "the ESCertKE answer: " + e.getMessage(), e);
        }
    }

    private void keep(PairwiseE2EKey key) {
        byte[] bytes = key.bytes();
        try {
            keys.put(new PairwiseKey(key.keyId(), PreSharedKey.of(bytes), key.entity(),
                    clock.instant().plus(keyLifetime)));
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}
