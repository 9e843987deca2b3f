package io.bastion.security.escertke;

import io.bastion.core.primitive.ResponseStatusCode;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.tls.TlsServerProtocol;

/**
 * The Terminating End-Point of ESCertKE (TS-0003 8.7.2.2; TS-0004 7.5.1.2.12 Receiver): the TLS server, holding one
 * procedure per initiating entity. For each NOTIFY whose content is an ESCertKE Message the caller calls
 * {@link #handle} with the NOTIFY's {@code From} and answers with the returned message; Message 1 (a ClientHello)
 * starts a procedure, replacing an unfinished one of the same initiator, and the next message from that initiator is
 * Message 3, correlated by {@code From} as TS-0001 11.4.3 C.1c says. When Message 3 completes the handshake, the reply
 * carries Message 4 and the established {@link PairwiseE2EKey}.
 *
 * <p>The initiating end-point's certificate must be valid for the {@link PeerCheck} and name the {@code From} ID
 * (8.7.2.2 B: the key is associated with the initiator's identity; a certificate for another entity is refused with
 * 4106). At most {@code maxProcedures} procedures are open at once (5207 beyond), each for at most its time limit from
 * Message 1 (4008 after). Thread-safe.
 */
public final class EsCertKeResponder {
    /** The default number of procedures open at once. */
    public static final int DEFAULT_MAX_PROCEDURES = 64;

    /** The answer to one ESCertKE Message: the message to send back, and the key once established (else null). */
    public record Reply(EsCertKeMessage message, PairwiseE2EKey key) {
    }

    private final EndPointCredentials own;
    private final PeerCheck peers;
    private final SecureRandom random;
    private final Clock clock;
    private final Duration timeout;
    private final int maxProcedures;
    private final Map<String, Procedure> open = new ConcurrentHashMap<>();

    public EsCertKeResponder(EndPointCredentials own, PeerCheck peers, SecureRandom random, Clock clock,
                             Duration timeout, int maxProcedures) {
        this.own = Objects.requireNonNull(own, "own");
        this.peers = Objects.requireNonNull(peers, "peers");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (maxProcedures < 1) {
            throw new IllegalArgumentException("maxProcedures must be at least 1");
        }
        this.maxProcedures = maxProcedures;
    }

    /** A responder with the default limits and a fresh {@link SecureRandom}. */
    public EsCertKeResponder(EndPointCredentials own, PeerCheck peers) {
        this(own, peers, new SecureRandom(), Clock.systemUTC(), EsCertKeInitiator.DEFAULT_TIMEOUT,
                DEFAULT_MAX_PROCEDURES);
    }

    /** The number of procedures waiting for their Message 3. */
    public int openProcedures() {
        sweep();
        return open.size();
    }

    /**
     * Processes one ESCertKE Message from {@code initiator} (the NOTIFY's {@code From}).
     *
     * @throws EsCertKeException 4000 for a message that is no TLS 1.2 flight of the profile or a Message 3 without
     *         a procedure, 4106 when the initiator's certificate does not authenticate {@code initiator}, 4008 when
     *         its procedure expired, 5207 when too many procedures are open
     */
    public Reply handle(String initiator, EsCertKeMessage message) {
        Objects.requireNonNull(initiator, "initiator");
        Objects.requireNonNull(message, "message");
        sweep();
        byte[] records = message.records();
        if (TlsFlights.startsWithClientHello(records)) {
            return start(initiator, records);
        }
        Procedure p = open.remove(initiator); // Message 3 ends the procedure, whatever happens to it
        if (p == null) {
            throw EsCertKeException.malformed("no ESCertKE procedure with " + initiator + " is in progress: the "
                    + "message is not a ClientHello (ESCertKE Message 1) and no Message 1 came before it");
        }
        if (p.expired(clock.instant())) {
            throw expired(initiator);
        }
        return p.finish(records);
    }

    private Reply start(String initiator, byte[] records) {
        if (!open.containsKey(initiator) && open.size() >= maxProcedures) {
            throw tooMany(); // before the handshake's work, which a flood of ClientHellos would otherwise cost
        }
        Procedure p = new Procedure(new ResponderTls(TlsFlights.crypto(random), own, peers, initiator),
                clock.instant().plus(timeout));
        byte[] out = p.begin(records);
        synchronized (open) { // the count and the insertion together, so the bound holds under concurrency
            if (!open.containsKey(initiator) && open.size() >= maxProcedures) {
                throw tooMany();
            }
            open.put(initiator, p);
        }
        return new Reply(new EsCertKeMessage(out), null);
    }

    private EsCertKeException tooMany() {
        return new EsCertKeException(ResponseStatusCode.NOT_ACCEPTABLE, "too many ESCertKE procedures in progress ("
                + maxProcedures + "); try again in " + timeout.toSeconds() + " s");
    }

    private EsCertKeException expired(String initiator) {
        return new EsCertKeException(ResponseStatusCode.REQUEST_TIMEOUT, "the ESCertKE procedure with " + initiator
                + " expired: Message 3 came more than " + timeout.toSeconds() + " s after Message 1");
    }

    private void sweep() {
        Instant now = clock.instant();
        open.values().removeIf(p -> p.expired(now));
    }

    /** One handshake waiting for its Message 3. */
    private static final class Procedure {
        private final ResponderTls tls;
        private final TlsServerProtocol protocol = new TlsServerProtocol();
        private final Instant deadline;

        Procedure(ResponderTls tls, Instant deadline) {
            this.tls = tls;
            this.deadline = deadline;
        }

        boolean expired(Instant now) {
            return now.isAfter(deadline);
        }

        synchronized byte[] begin(byte[] message1) {
            try {
                protocol.accept(tls);
            } catch (IOException e) {
                throw TlsFlights.failure(e, "ESCertKE Message 1");
            }
            byte[] out = TlsFlights.offer(protocol, message1, "ESCertKE Message 1", tls.verdict::refusal);
            if (out.length == 0) {
                throw EsCertKeException.malformed("ESCertKE Message 1 is not a complete ClientHello");
            }
            return out;
        }

        synchronized Reply finish(byte[] message3) {
            try {
                byte[] out = TlsFlights.offer(protocol, message3, "ESCertKE Message 3", tls.verdict::refusal);
                if (!tls.complete || out.length == 0 || tls.verdict.entity() == null) {
                    throw EsCertKeException.malformed("ESCertKE Message 3 does not complete the handshake "
                            + "(Certificate to Finished, TS-0003 table 8.7.2.2-1)");
                }
                byte[] exported = tls.takeExport();
                try {
                    return new Reply(new EsCertKeMessage(out),
                            PairwiseE2EKey.fromExport(exported, tls.verdict.entity()));
                } finally {
                    Arrays.fill(exported, (byte) 0);
                }
            } finally {
                try {
                    protocol.close();
                } catch (IOException | RuntimeException e) {
                    // the procedure is over either way
                }
            }
        }
    }
}
