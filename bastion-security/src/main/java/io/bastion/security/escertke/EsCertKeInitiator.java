package io.bastion.security.escertke;

import io.bastion.core.primitive.ResponseStatusCode;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.tls.TlsClientProtocol;

/**
 * The Initiating End-Point of one ESCertKE procedure (TS-0003 8.7.2.2; TS-0004 7.5.1.2.12 Originator): the TLS client.
 * The caller sends {@link #message1()} in a first NOTIFY to the terminating end-point, hands the ESCertKE Message 2 of
 * its response to {@link #message3}, sends the result in a second NOTIFY, and hands the Message 4 of that response to
 * {@link #finish}, which returns the {@link PairwiseE2EKey}. Steps out of this order are a programming error
 * ({@link IllegalStateException}); any refusal ends the procedure, and a procedure that takes longer than its time
 * limit from Message 1 on expires (4008).
 *
 * <p>The terminating end-point's certificate is checked by the {@link PeerCheck} against the identity the procedure
 * was started for (8.7.2.2 B: "the Terminating End-Point's identity", which also says where Message 1 goes).
 */
public final class EsCertKeInitiator {
    /** The default time limit of a procedure: four messages through a few CSEs. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private enum State { NEW, AWAITING_2, AWAITING_4, DONE, FAILED }

    private final String terminating;
    private final Clock clock;
    private final Duration timeout;
    private final InitiatorTls tls;
    private final TlsClientProtocol protocol = new TlsClientProtocol();
    private State state = State.NEW;
    private Instant deadline;

    /**
     * @param own this end-point's key and certificate chain
     * @param peers how the terminating end-point's certificate is checked
     * @param terminatingId the AE-ID or CSE-ID of the terminating end-point
     */
    public EsCertKeInitiator(EndPointCredentials own, PeerCheck peers, String terminatingId, SecureRandom random,
                             Clock clock, Duration timeout) {
        this.terminating = Objects.requireNonNull(terminatingId, "terminatingId");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.tls = new InitiatorTls(TlsFlights.crypto(random), Objects.requireNonNull(own, "own"),
                Objects.requireNonNull(peers, "peers"), terminatingId);
    }

    /** An initiator with the default time limit and a fresh {@link SecureRandom}. */
    public EsCertKeInitiator(EndPointCredentials own, PeerCheck peers, String terminatingId) {
        this(own, peers, terminatingId, new SecureRandom(), Clock.systemUTC(), DEFAULT_TIMEOUT);
    }

    /** The AE-ID or CSE-ID this procedure establishes a key with. */
    public String terminatingId() {
        return terminating;
    }

    /** ESCertKE Message 1 (the ClientHello), for the first NOTIFY request. */
    public synchronized EsCertKeMessage message1() {
        expect(State.NEW, "message1");
        try {
            protocol.connect(tls);
        } catch (IOException e) {
            state = State.FAILED;
            throw TlsFlights.failure(e, "ESCertKE Message 1");
        }
        deadline = clock.instant().plus(timeout);
        state = State.AWAITING_2;
        return new EsCertKeMessage(TlsFlights.drain(protocol));
    }

    /**
     * Processes ESCertKE Message 2 (from the first NOTIFY response) and returns Message 3, for the second NOTIFY
     * request.
     *
     * @throws EsCertKeException 4106 when the terminating end-point's certificate does not authenticate it, 4000 when
     *         the message is no TLS 1.2 flight of the ESCertKE profile, 4008 when the procedure expired
     */
    public synchronized EsCertKeMessage message3(EsCertKeMessage message2) {
        expect(State.AWAITING_2, "message3");
        byte[] out = step(message2, "ESCertKE Message 2");
        if (out.length == 0 || tls.verdict.entity() == null) {
            state = State.FAILED;
            throw EsCertKeException.malformed("ESCertKE Message 2 is not a complete TLS 1.2 server flight (ServerHello "
                    + "to ServerHelloDone, TS-0003 table 8.7.2.2-1)");
        }
        state = State.AWAITING_4;
        return new EsCertKeMessage(out);
    }

    /**
     * Processes ESCertKE Message 4 (from the second NOTIFY response) and returns the established key.
     *
     * @throws EsCertKeException 4106 when the terminating end-point's Finished does not verify, 4000 when the message
     *         does not complete the handshake, 4008 when the procedure expired
     */
    public synchronized PairwiseE2EKey finish(EsCertKeMessage message4) {
        expect(State.AWAITING_4, "finish");
        step(message4, "ESCertKE Message 4");
        if (!tls.complete) {
            state = State.FAILED;
            throw EsCertKeException.malformed("ESCertKE Message 4 does not complete the handshake (ChangeCipherSpec "
                    + "and Finished, TS-0003 table 8.7.2.2-1)");
        }
        state = State.DONE;
        byte[] exported = tls.takeExport();
        try {
            return PairwiseE2EKey.fromExport(exported, tls.verdict.entity());
        } finally {
            Arrays.fill(exported, (byte) 0);
            close();
        }
    }

    private byte[] step(EsCertKeMessage message, String which) {
        Objects.requireNonNull(message, "message");
        if (clock.instant().isAfter(deadline)) {
            state = State.FAILED;
            close();
            throw new EsCertKeException(ResponseStatusCode.REQUEST_TIMEOUT, "the ESCertKE procedure with "
                    + terminating + " expired: " + which + " came more than " + timeout.toSeconds()
                    + " s after Message 1");
        }
        try {
            return TlsFlights.offer(protocol, message.records(), which, tls.verdict::refusal);
        } catch (EsCertKeException e) {
            state = State.FAILED;
            close();
            throw e;
        }
    }

    private void expect(State s, String step) {
        if (state != s) {
            throw new IllegalStateException("ESCertKE initiator: " + step + " called in state " + state);
        }
    }

    private void close() {
        try {
            protocol.close();
        } catch (IOException | RuntimeException e) {
            // nothing to tell: the procedure is over, and its records are never sent
        }
    }
}
