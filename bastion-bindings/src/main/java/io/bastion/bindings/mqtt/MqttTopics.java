package io.bastion.bindings.mqtt;

import io.bastion.core.codec.Serialization;
import java.util.Optional;

/**
 * The topic names of TS-0010 6.4: requests {@code /oneM2M/req/<originator>/<receiver>/<type>} and their responses
 * {@code /oneM2M/resp/<originator>/<receiver>/<type>}, and for an originator without an AE-ID yet
 * {@code /oneM2M/reg_req/<Credential-ID>/<receiver>/<type>} answered on {@code /oneM2M/reg_resp/…} (6.4.4). An ID
 * becomes a topic level as 6.4.2 says: an SP-relative ID without its leading "/", any other "/" as ":"; an absolute
 * ID (Mcc') with its leading "//" as ":". An AE-ID-Stem is a level as it is (TS-0010 6.6 and 7.4: {@code CAE01}).
 */
public final class MqttTopics {
    public static final String REQ = "req";
    public static final String RESP = "resp";
    public static final String REG_REQ = "reg_req";
    public static final String REG_RESP = "reg_resp";

    private MqttTopics() {
    }

    /**
     * One incoming request topic, split.
     *
     * @param kind {@link #REQ} or {@link #REG_REQ}
     * @param originator the originator level as published (an ID's level form, or a Credential-ID)
     * @param receiver the receiver level
     * @param type the last level: {@code json}, {@code cbor} or {@code xml} (anything else is kept, for the refusal)
     */
    public record RequestTopic(String kind, String originator, String receiver, String type) {
        /** Whether the topic carries a Credential-ID rather than the originator's ID (TS-0010 6.4.4). */
        public boolean registration() {
            return REG_REQ.equals(kind);
        }

        /** The serialization the last level names, if this CSE knows it. */
        public Optional<Serialization> serialization() {
            return Serialization.of(type);
        }

        /** Where the answer goes: the same levels under {@code resp} or {@code reg_resp}, in {@code type}. */
        public String responseTopic(String answerType) {
            return "/oneM2M/" + (registration() ? REG_RESP : RESP) + "/" + originator + "/" + receiver + "/"
                    + answerType;
        }
    }

    /**
     * The request topic {@code topic} (with the prefix {@code prefix} of a poa's path, empty for none), or empty when
     * it is not one: not under {@code /oneM2M/req} or {@code /oneM2M/reg_req}, or not exactly the three levels after
     * it, or an empty level.
     */
    public static Optional<RequestTopic> parseRequest(String topic) {
        if (!topic.startsWith("/oneM2M/")) {
            return Optional.empty();
        }
        String[] levels = topic.substring("/oneM2M/".length()).split("/", -1);
        if (levels.length != 4 || !(REQ.equals(levels[0]) || REG_REQ.equals(levels[0]))) {
            return Optional.empty();
        }
        for (String l : levels) {
            if (l.isEmpty()) {
                return Optional.empty();
            }
        }
        return Optional.of(new RequestTopic(levels[0], levels[1], levels[2], levels[3]));
    }

    /**
     * A response topic {@code /oneM2M/resp/<originator>/<receiver>/<type>}: the originator and receiver levels, or
     * empty when it is not one.
     */
    public static Optional<String[]> parseResponse(String topic) {
        String head = "/oneM2M/" + RESP + "/";
        if (!topic.startsWith(head)) {
            return Optional.empty();
        }
        String[] levels = topic.substring(head.length()).split("/", -1);
        return levels.length == 3 ? Optional.of(levels) : Optional.empty();
    }

    /**
     * An ID as a topic level (TS-0010 6.4.2): {@code /id-in} is {@code id-in}, {@code //sp/id-in} is
     * {@code :sp:id-in}.
     */
    public static String level(String id) {
        if (id.startsWith("//")) {
            return ":" + id.substring(2).replace('/', ':');
        }
        String s = id.startsWith("/") ? id.substring(1) : id;
        return s.replace('/', ':');
    }

    /**
     * The ID a topic level stands for: {@code :sp:id-in} is {@code //sp/id-in}, {@code id-in:Cae} is
     * {@code /id-in/Cae}, a level without ':' that is an AE-ID-Stem ({@code C…}, {@code S…}) stays as it is, and
     * any other one is an SP-relative CSE-ID ({@code id-mn} is {@code /id-mn}).
     */
    public static String id(String level) {
        if (level.startsWith(":")) {
            return "//" + level.substring(1).replace(':', '/');
        }
        if (level.indexOf(':') < 0 && (level.startsWith("C") || level.startsWith("S"))) {
            return level;
        }
        return "/" + level.replace(':', '/');
    }

    /** The request topic from {@code originator} to {@code receiver} (IDs) in {@code s}. */
    public static String request(String originator, String receiver, Serialization s) {
        return "/oneM2M/" + REQ + "/" + level(originator) + "/" + level(receiver) + "/" + s.ct();
    }

    /** What a CSE subscribes to for the requests to it, any type (TS-0010 6.5.4: {@code /oneM2M/req/+/<rcv>/#}). */
    public static String requestFilter(String kind, String receiver) {
        return "/oneM2M/" + kind + "/+/" + level(receiver) + "/#";
    }

    /** What an originator subscribes to for its responses (TS-0010 6.5.4: {@code /oneM2M/resp/<originator>/#}). */
    public static String responseFilter(String originator) {
        return "/oneM2M/" + RESP + "/" + level(originator) + "/#";
    }

    /** Whether a topic level is safe to publish under: not empty, no wildcard, no level separator, no NUL. */
    public static boolean isPlainLevel(String level) {
        return !level.isEmpty() && level.indexOf('/') < 0 && level.indexOf('+') < 0 && level.indexOf('#') < 0
                && level.indexOf('\0') < 0;
    }
}
