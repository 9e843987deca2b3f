package io.bastion.cse.notification;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.core.binding.NotificationTransport;
import io.bastion.core.codec.Codecs;
import io.bastion.core.codec.Serialization;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.Resource;
import io.bastion.core.text.Excerpt;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a NOTIFY reaches one receiver: its points of access and the serialization it takes, the polling channel it
 * fetches its requests from, or why it cannot.
 */
public sealed interface NotificationRoute {

    /** A route on which something is sent: to {@link #target}, with the content in {@link #serialization}. */
    sealed interface Sending extends NotificationRoute {
        /** What the NOTIFY is sent to: a point of access, or an AE-ID on another CSE. */
        String target();

        /**
         * Whom the NOTIFY is addressed to (its {@code to}): the AE-ID of an AE reached at its points of access, which
         * a binding that addresses entities rather than URLs needs (MQTT's request topic names the receiver, TS-0010
         * 6.4.2); the target itself otherwise.
         */
        String to();

        Serialization serialization();
    }

    /**
     * Send to the first of {@code poas} that answers, with the content in {@code serialization}, addressed to
     * {@code to}.
     */
    record Via(List<String> poas, Serialization serialization, String to) implements Sending {
        @Override
        public String target() {
            return poas.get(0);
        }

        public Via {
            poas = List.copyOf(poas);
            if (poas.isEmpty()) {
                throw new IllegalArgumentException("a route needs a point of access");
            }
            Objects.requireNonNull(serialization, "serialization");
            to = to == null ? poas.get(0) : to;
        }

        /** To a URL, addressed to the URL itself. */
        public Via(List<String> poas, Serialization serialization) {
            this(poas, serialization, null);
        }
    }

    /**
     * To a resource of this CSE that takes its notifications itself, in process ({@link LocalReceiver}): a
     * {@code <crossResourceSubscription>} named in the {@code nu} of the subscriptions it made or joined.
     */
    record Local(Resource receiver) implements NotificationRoute {
        public Local {
            Objects.requireNonNull(receiver, "receiver");
        }
    }

    /**
     * To an AE that is not request-reachable and polls a {@code <pollingChannel>} (TS-0001 10.2.5.17): queued in the
     * channel, never sent to a point of access. {@code target} names the channel to the notification transport the
     * CSE was built with (the dispatcher submits it like a point of access: the channel takes it at once, or refuses
     * it when full, {@link ReceiverQueueFull}), and to {@link PolledRequests} for a request that waits for the AE's
     * answer.
     */
    record Polled(String target) implements NotificationRoute {
        /** How a polling channel's target begins; never a scheme a point of access may have. */
        public static final String PREFIX = "polling:";

        public Polled {
            if (!target.startsWith(PREFIX)) {
                throw new IllegalArgumentException("not a polling channel target: " + target);
            }
        }

        /** The target of the polling channel of the AE {@code aeRi}. */
        public static String targetOf(String aeRi) {
            return PREFIX + aeRi;
        }
    }

    /**
     * Through the CSE path to an AE registered with another CSE (TS-0004 7.3.3.9.1 at its registrar, reached by
     * retargeting, 7.3.2.6): the NOTIFY is addressed to the AE-ID {@code address} (SP-relative, {@code /id-mn/Cxyz})
     * and handed to the next hop towards that CSE, whose registrar relays it to the AE's points of access. JSON,
     * which every CSE reads; the AE's own serialization is its registrar's choice.
     */
    record Forwarded(String address) implements Sending {
        public Forwarded {
            Objects.requireNonNull(address, "address");
        }

        @Override
        public String target() {
            return address;
        }

        @Override
        public String to() {
            return address;
        }

        @Override
        public Serialization serialization() {
            return Serialization.JSON;
        }
    }

    /**
     * A point of access of an AE that is an ESPrim Receiver and shares a key with this CSE, as the notification
     * transport that protects what it sends there ({@code io.bastion.cse.e2e.EsprimNotifications}) is told of it:
     * {@code esprim:<AE ri>;<poa>}.
     */
    record EsprimTarget(String aeRi, String poa) {
        /** How such a target begins; never a scheme a point of access may have. */
        public static final String PREFIX = "esprim:";

        public String target() {
            return PREFIX + aeRi + ";" + poa;
        }

        /** The target's parts, or empty when {@code target} is not one. */
        public static java.util.Optional<EsprimTarget> parse(String target) {
            int semi = target == null || !target.startsWith(PREFIX) ? -1 : target.indexOf(';');
            return semi < 0 ? java.util.Optional.empty()
                    : java.util.Optional.of(new EsprimTarget(target.substring(PREFIX.length(), semi),
                    target.substring(semi + 1)));
        }
    }

    /** Not sent: {@code reason} says why in oneM2M words; {@code status} is the answer to a relayed NOTIFY. */
    record Blocked(ResponseStatusCode status, String reason) implements NotificationRoute {
    }

    /**
     * To an AE registered with this CSE (TS-0004 7.3.3.9.1): its points of access this CSE can send to, in its
     * order, with the first serialization of its {@code contentSerialization} this CSE writes (TS-0004 7.5.1.1: "it
     * shall use one of the serializations specified in that &lt;AE&gt;'s contentSerialization attribute"); JSON
     * when it names none (7.5.1.1: "the Originator may use any serialization format"). An AE whose
     * {@code requestReachability} is not true cannot receive requests (TS-0001 table 9.6.5-1), so nothing is sent to
     * its points of access: it is served through its {@code <pollingChannel>} (TS-0001 10.2.5.17) when it has one
     * ({@link Polled}, when {@code transport} takes the channel's target), and not at all otherwise. An AE whose
     * {@code rr} is true is sent to at its points of access, also when it has a channel.
     */
    static NotificationRoute toAe(Resource ae, NotificationTransport transport) {
        JsonNode rr = ae.get("rr");
        if (rr == null || !rr.isBoolean() || !rr.booleanValue()) {
            String channel = Polled.targetOf(ae.ri());
            if (transport.supports(channel)) {
                return new Polled(channel);
            }
            return new Blocked(ResponseStatusCode.TARGET_NOT_REACHABLE, "AE " + ae.ri()
                    + " is not request-reachable (rr=false) and has no pollingChannel");
        }
        List<String> csz = ae.getList("csz");
        Serialization serialization = csz.isEmpty() ? Serialization.JSON : null;
        for (String entry : csz) {
            Serialization s = Serialization.of(entry).orElse(null);
            if (s != null && Codecs.serves(s)) {
                serialization = s;
                break;
            }
        }
        if (serialization == null) {
            return new Blocked(ResponseStatusCode.NOT_IMPLEMENTED, "AE " + ae.ri() + " takes only "
                    + String.join(", ", csz.stream().map(Excerpt::of).toList())
                    + " (contentSerialization), which this CSE does not write");
        }
        // An AE that is an ESPrim Receiver is notified protected where the transport can (it shares a key with it).
        boolean esprim = ae.get("esi") != null;
        List<String> poas = new ArrayList<>();
        String aeId = ae.getText("aei");
        for (String poa : ae.getList("poa")) {
            String protectedTarget = esprim ? new EsprimTarget(ae.ri(), poa).target() : null;
            if (protectedTarget != null && transport.supports(protectedTarget)) {
                poas.add(protectedTarget);
            } else if (transport.supports(poa)) {
                // the transport may name the AE's own connection rather than the address (TS-0020 5.2)
                poas.add(transport.targetOf(poa, aeId == null ? ae.ri() : aeId));
            }
        }
        if (poas.isEmpty()) {
            return new Blocked(ResponseStatusCode.TARGET_NOT_REACHABLE,
                    "AE " + ae.ri() + " has no point of access this CSE can send to");
        }
        String aei = ae.getText("aei");
        return new Via(poas, serialization, aei == null ? ae.ri() : aei);
    }
}
