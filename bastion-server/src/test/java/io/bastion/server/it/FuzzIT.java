package io.bastion.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.codec.Codec;
import io.bastion.core.codec.JacksonCodec;
import io.bastion.server.CoapSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Thousands of mutated requests over real HTTP from a fixed seed, so that a failure replays: valid bodies of every
 * resource type mutated as trees (values of other types, huge, empty or odd; names removed, added, renamed) and as
 * bytes (flipped, cut, doubled, spliced with hostile snippets), sent as JSON or CBOR, with mutated oneM2M headers,
 * tokens, query parameters, paths and methods; some heads that are not HTTP at all; and CoAP datagrams with mutated
 * options, codes and payloads on the CoAP door. Whatever comes in, the
 * answer names no Java class or package, quotes no parser's vocabulary, carries no stack trace, and is no 5xxx but
 * those the specifications prescribe for a feature this CSE does not offer.
 */
class FuzzIT {
    static final long SEED = 0x0B457109L;
    static final int REQUESTS = 2400;
    static final int RAW_REQUESTS = 200;
    static final int DATAGRAMS = 400;
    static final String AE = "Cfuzz";
    static final String HOME = "/cse-in/fuzz";

    /**
     * The 5xxx codes TS-0004 (6.6.3) prescribes for what lies outside this CSE or what it does not offer, not for a
     * fault of its own: NOT_IMPLEMENTED, TARGET_NOT_REACHABLE (a NOTIFY to an AE without a point of access),
     * REMOTE_ENTITY_NOT_REACHABLE, SUBSCRIPTION_VERIFICATION_INITIATION_FAILED, NON_BLOCKING_SYNCH_REQUEST_NOT_SUPPORTED,
     * NOT_ACCEPTABLE, GROUP_MEMBERS_NOT_RESPONDED. Any other 5xxx, 5000 first, fails the test.
     */
    static final Set<Integer> PRESCRIBED_5XXX = Set.of(5001, 5103, 5107, 5204, 5206, 5207, 5209);

    /** A Java or library package name (java.lang., com.fasterxml.jackson., io.bastion., …). */
    static final Pattern PACKAGE = Pattern.compile(
            "(?<![A-Za-z0-9_.])(?:java|javax|jdk|sun|com|org|io|net)\\.[a-z_][a-z0-9_]*\\.[A-Za-z_]");
    /** A class name of an exception or error (NullPointerException, JsonParseException, StackOverflowError, …). */
    static final Pattern THROWABLE = Pattern.compile("[A-Z][A-Za-z0-9]*(?:Exception|Error)\\b");
    /** What only a stack trace or a parser's own messages contain. */
    static final List<String> INTERNALS = List.of("\tat ", "\nat ", "StreamReadConstraints", "JsonNode", "JsonToken",
            "JsonReadFeature", "DeserializationFeature", "StreamReadFeature", "VALUE_STRING", "VALUE_NUMBER",
            "VALUE_EMBEDDED", "START_OBJECT", "START_ARRAY", "END_OBJECT", "END_ARRAY", "FIELD_NAME", "`", "Nimbus",
            "Jackson", "Netty", "Californium", "Bouncy");

    static final ObjectMapper JSON = new ObjectMapper();
    static final Codec CBOR = JacksonCodec.cbor();

    @RegisterExtension
    static final TestServer cse = new TestServer().configured(c -> c.withCoap(CoapSettings.defaults().withPort(0)))
            .registering(AE, "fuzz");
    static final M2m m2m = cse.client();

    @BeforeAll
    static void start() {
        m2m.createContainer(AE, HOME, "box");
        m2m.createCin(AE, HOME + "/box", "21.5").expect(2001);
    }

    /** Valid content of each resource type (and a notification), the starting points of the mutations. */
    static final List<String> SEEDS = List.of(
            "{\"m2m:ae\":{\"rn\":\"f1\",\"api\":\"Nfuzz\",\"rr\":false,\"srv\":[\"3\"],\"lbl\":[\"a:b\"],"
                    + "\"poa\":[\"http://127.0.0.1:9/x\"],\"csz\":[\"application/json\"]}}",
            "{\"m2m:cnt\":{\"rn\":\"c1\",\"mni\":10,\"mbs\":1000,\"mia\":60,\"lbl\":[\"x\"],\"et\":\"20991231T000000\"}}",
            "{\"m2m:cin\":{\"con\":\"21.5\",\"cnf\":\"text/plain:0\",\"lbl\":[\"t\"]}}",
            "{\"m2m:acp\":{\"rn\":\"p1\",\"pv\":{\"acr\":[{\"acor\":[\"Cfuzz\",\"C9*\"],\"acop\":63,\"acco\":[{"
                    + "\"actw\":[\"* * * * * * *\"],\"acip\":{\"ipv4\":[\"127.0.0.0/8\"]}}]}]},"
                    + "\"pvs\":{\"acr\":[{\"acor\":[\"Cfuzz\"],\"acop\":63}]}}}",
            "{\"m2m:sub\":{\"rn\":\"s1\",\"nu\":[\"Cfuzz\"],\"enc\":{\"net\":[1,3],\"chty\":[4]},\"nct\":1,"
                    + "\"bn\":{\"num\":2,\"dur\":\"PT1S\"},\"exc\":3}}",
            "{\"m2m:grp\":{\"rn\":\"g1\",\"mt\":3,\"mnm\":5,\"mid\":[\"cse-in/fuzz/box\"],\"csy\":1}}",
            "{\"m2m:dac\":{\"rn\":\"d1\",\"dae\":true,\"dap\":[\"http://127.0.0.1:9/das\"],\"dal\":\"PT1M\"}}",
            "{\"m2m:rol\":{\"rn\":\"r1\",\"rlid\":\"R-x\",\"tkis\":\"/id-das\",\"tkhd\":\"Cfuzz\","
                    + "\"tknb\":\"20200101T000000\",\"tkna\":\"20991231T000000\"}}",
            "{\"m2m:tk\":{\"rn\":\"t1\",\"tkid\":\"tk1\",\"tkob\":\"eyJhbGciOiJFUzI1NiJ9.eyJqdGkiOiJ0azEifQ.c2ln\"}}",
            "{\"m2m:sgn\":{\"nev\":{\"rep\":{\"m2m:cin\":{\"con\":\"x\"}},\"net\":3},\"sur\":\"/id-in/sub1\","
                    + "\"vrq\":false}}");
    static final int[] SEED_TYPES = {2, 3, 4, 1, 23, 9, 34, 31, 32, 0};

    static final List<String> NAMES = List.of("rn", "ty", "ri", "pi", "ct", "lt", "et", "lbl", "acpi", "cr", "st",
            "mni", "mbs", "mia", "cni", "cbs", "con", "cnf", "cs", "api", "aei", "rr", "srv", "poa", "csz", "nu", "enc",
            "net", "nct", "nec", "exc", "bn", "ln", "su", "mt", "mnm", "mid", "cnm", "macp", "csy", "pv", "pvs", "acr",
            "acor", "acop", "acco", "actw", "acip", "acod", "dae", "dap", "dal", "tkid", "tkob", "tkps", "rlid",
            "m2m:cin", "m2m:cnt", "xyz", "", " ", "a b", "\u00e9", "m2m:", "::");

    /** Odd values for a name: other types, bounds, empty and long things, paths, wildcards, timestamps. */
    static final List<String> VALUES = List.of("null", "true", "false", "0", "-1", "1.5", "-0.0", "1e308",
            "4.9e-324", "99999999999999999999", "9223372036854775807", "-9223372036854775808", "4294967297",
            "\"\"", "\" \"", "\"x\"", "\"" + "y".repeat(300) + "\"", "\"\\u0000\"", "\"\\ud800\"", "\"../..\"",
            "\"//\"", "\"*\"", "\"C*\"", "\"/id-in/Cfuzz\"", "\"//bastion.example/id-in/Cfuzz\"", "\"20991231T000000\"",
            "\"2099\"", "\"PT1S\"", "\"text/plain:9\"", "\"application/json\"", "[]", "{}", "[[[[]]]]",
            "{\"a\":{\"b\":{}}}", "[\"x\",\"x\"]", "[1,2,3]", "[null]", "[\"\"]", "{\"acr\":[]}",
            "{\"acr\":[{\"acor\":[],\"acop\":0}]}", "{\"net\":[99]}", "{\"num\":0}", "[\"cse-in/fuzz/box\",\"x\"]");

    /** Snippets spliced into bytes: what parsers have tripped on. */
    static final List<String> SNIPPETS = List.of("NaN", "Infinity", "1e99999", "-", "0x10", "\\ud800", "\\x", "\"\":",
            "{", "}", "[", "]", ",,", ":", "\u00ff\u00fe", "\u0000", "/*", "'", "tru", "1.", ".5", "01", "+1",
            "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[");
    /** Bytes spliced into CBOR: tags, breaks, reserved and indefinite encodings, huge lengths. */
    static final List<byte[]> CBOR_SNIPPETS = List.of(new byte[] {(byte) 0xC6}, new byte[] {(byte) 0xFF},
            new byte[] {(byte) 0x1C}, new byte[] {(byte) 0x5F}, new byte[] {(byte) 0x9F},
            new byte[] {(byte) 0x5B, -1, -1, -1, -1, -1, -1, -1, -1}, new byte[] {(byte) 0xF9, 0x7E, 0x00},
            new byte[] {(byte) 0xF7}, new byte[] {(byte) 0xD9, (byte) 0xD9, (byte) 0xF7},
            new byte[] {(byte) 0xC2, 0x41, 0x01});

    static final List<String> PATHS = List.of("/cse-in", HOME, HOME + "/box", HOME + "/box/la", HOME + "/box/ol",
            "/~/id-in/cse-in/fuzz", "/_/bastion.example/id-in/cse-in/fuzz/box", "/id-in", HOME + "/nothing",
            HOME + "/box/fopt", "/cse-in/%", "/cse-in/%2e%2e", "/cse-in//fuzz", "/", "/~/", "/_/", "/~/id-in",
            "/cse-in/fuzz/box/la/x", "/cse-in/f%C3%BCzz", "/cse-in/%00", "/cse-in/fuzz?", "/cse-in/fuzz#x");
    static final List<String> DELETABLE = List.of("/cse-in", HOME + "/box/la", HOME + "/box/ol", HOME + "/nothing",
            "/cse-in/%2e%2e", "/cse-in//fuzz", "/~/id-in/cse-in/fuzz/box/la", "/", "/cse-in/%00");
    static final List<String> QUERY_NAMES = List.of("rcn", "rt", "rp", "drt", "fu", "ty", "lbl", "lim", "lvl", "ofst",
            "cra", "crb", "ms", "us", "sts", "stb", "exa", "exb", "sza", "szb", "cty", "fo", "smf", "atrl", "rn",
            "tkns", "tids", "ltids", "rids", "da", "rqi", "xyz", "", "cs");
    static final List<String> QUERY_VALUES = List.of("", "0", "1", "2", "4", "8", "-1", "99999999999", "abc", "1.5",
            "%zz", "%00", "a%26b", "20991231T000000", "x".repeat(100), "3+4", "%2F", "*", "group:1", "true");
    static final List<String> ORIGINATORS = List.of(AE, "CAdmin", "", "C", "S", "Cunknown", "/id-in/" + AE,
            "//bastion.example/id-in/" + AE, "x y", "C\u00e9", "C" + "z".repeat(300), "/", "//", AE + "/../CAdmin",
            "%00", "*", "Sfuzz", "/id-other", "CAdmin\r\nX-M2M-RI: 1");
    static final List<String> RVIS = List.of("3", "4", "5", "2a", "1", "", "99", "x", "3.0");
    static final List<String> ACCEPTS = List.of("application/json", "application/cbor", "*/*", "application/xml",
            "text/plain", "application/vnd.onem2m-res+json", "", "application/json;q=0", ";;;");
    static final List<String> TIMES = List.of("", "-1", "20000101T000000", "20991231T000000", "PT1S", "1e9", "abc",
            "99999999999999", "0", "P1Y", "20991231T000000,999999999");

    @Test
    void mutatedRequestsNeverGetInternalsOrServerErrors() {
        Random rnd = new Random(SEED);
        List<String> violations = new ArrayList<>();
        int answered = 0;
        for (int i = 0; i < REQUESTS + RAW_REQUESTS; i++) {
            Attempt a = i < REQUESTS ? attempt(rnd, i) : new Attempt(rawHead(rnd), rnd.nextBoolean() ? null
                    : mutateBytes(rnd, SEEDS.get(rnd.nextInt(SEEDS.size())).getBytes(StandardCharsets.UTF_8), false),
                    "#" + i + " (not quite HTTP)");
            M2m.Rsp r;
            try {
                r = m2m.raw(a.head(), a.body());
            } catch (UncheckedIOException e) {
                if (i < REQUESTS) {
                    violations.add("no answer to " + a.describe() + ": " + e.getCause());
                }
                continue; // a head that is not HTTP may be closed without an answer: nothing leaked
            }
            answered++;
            check(a.describe(), r, violations);
        }
        assertThat(answered).as("answers received").isGreaterThan(REQUESTS);
        assertThat(violations).as("answers naming internals or failing on the server (seed %x)", SEED).isEmpty();
        m2m.retrieve(M2m.ADMIN, "/cse-in").expect(2000);
    }

    /** The oneM2M options (TS-0008 6.2.2.4) and standard ones a request may carry, by number. */
    static final int[] COAP_OPTIONS = {279, 283, 259, 291, 295, 299, 263, 303, 307, 311, 267, 319, 323, 327, 271, 331,
        335, 339, 275, 3, 7, 11, 11, 11, 12, 14, 15, 15, 17, 23, 27, 60, 9999, 65001};

    @Test
    void mutatedCoapDatagramsNeverGetInternalsOrServerErrors() throws IOException {
        Random rnd = new Random(SEED + 1);
        List<String> violations = new ArrayList<>();
        int answered = 0;
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            socket.setSoTimeout(500);
            InetSocketAddress door = new InetSocketAddress("127.0.0.1", cse.server().coapPort());
            byte[] in = new byte[70_000];
            for (int i = 0; i < DATAGRAMS; i++) {
                byte[] datagram = coapRequest(rnd, i);
                socket.send(new DatagramPacket(datagram, datagram.length, door));
                DatagramPacket answer = new DatagramPacket(in, in.length);
                try {
                    socket.receive(answer);
                } catch (SocketTimeoutException e) {
                    continue; // Californium drops what it cannot parse (or answers an empty RST): nothing leaked
                }
                answered++;
                String problem = coapProblem(java.util.Arrays.copyOf(in, answer.getLength()));
                if (problem != null && violations.size() < 20) {
                    violations.add(problem + " in the answer to datagram #" + i + " " + printable(datagram));
                }
            }
        }
        assertThat(answered).as("CoAP answers received").isGreaterThan(DATAGRAMS / 2);
        assertThat(violations).as("CoAP answers naming internals or failing (seed %x)", SEED + 1).isEmpty();
    }

    /** A confirmable request with a random code, token, options (often oneM2M ones, odd values) and payload. */
    private static byte[] coapRequest(Random rnd, int i) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int tkl = rnd.nextInt(9);
        out.write(0x40 | tkl); // version 1, CON
        out.write(pick(rnd, List.of(1, 1, 2, 2, 2, 3, 4, 5, 7, 0x45)));
        out.write(i >> 8);
        out.write(i);
        for (int t = 0; t < tkl; t++) {
            out.write(rnd.nextInt(256));
        }
        List<int[]> numbers = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        addOption(numbers, values, 11, "cse-in".getBytes(StandardCharsets.UTF_8));
        if (rnd.nextInt(3) > 0) {
            addOption(numbers, values, 11, "fuzz".getBytes(StandardCharsets.UTF_8));
        }
        if (rnd.nextInt(10) > 0) {
            addOption(numbers, values, 283, ("cq-" + i).getBytes(StandardCharsets.UTF_8));
        }
        addOption(numbers, values, 271, pick(rnd, RVIS).getBytes(StandardCharsets.UTF_8));
        addOption(numbers, values, 279, pick(rnd, ORIGINATORS).getBytes(StandardCharsets.UTF_8));
        int extra = rnd.nextInt(4);
        for (int k = 0; k < extra; k++) {
            byte[] v = switch (rnd.nextInt(5)) {
                case 0 -> new byte[0];
                case 1 -> new byte[] {(byte) rnd.nextInt(256)};
                case 2 -> new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80, (byte) 0xFF};
                case 3 -> pick(rnd, QUERY_VALUES).getBytes(StandardCharsets.UTF_8);
                default -> {
                    byte[] b = new byte[rnd.nextInt(8)];
                    rnd.nextBytes(b);
                    yield b;
                }
            };
            addOption(numbers, values, COAP_OPTIONS[rnd.nextInt(COAP_OPTIONS.length)], v);
        }
        int last = 0;
        for (int k = 0; k < numbers.size(); k++) {
            int n = numbers.get(k)[0];
            byte[] v = values.get(k);
            writeOptionHeader(out, n - last, v.length);
            out.writeBytes(v);
            last = n;
        }
        if (rnd.nextBoolean()) {
            int seed = rnd.nextInt(SEEDS.size());
            out.write(0xFF);
            out.writeBytes(body(rnd, seed, rnd.nextInt(4) == 0, rnd.nextInt(10)));
        }
        return out.toByteArray();
    }

    /** Adds an option keeping the list sorted by number (CoAP encodes deltas), repeats after their peers. */
    private static void addOption(List<int[]> numbers, List<byte[]> values, int number, byte[] value) {
        int at = 0;
        while (at < numbers.size() && numbers.get(at)[0] <= number) {
            at++;
        }
        numbers.add(at, new int[] {number});
        values.add(at, value);
    }

    /** RFC 7252 3.1: delta and length nibbles, with 13 (one more byte) and 14 (two more bytes) extensions. */
    private static void writeOptionHeader(java.io.ByteArrayOutputStream out, int delta, int length) {
        int d = delta < 13 ? delta : delta < 269 ? 13 : 14;
        int l = length < 13 ? length : length < 269 ? 13 : 14;
        out.write(d << 4 | l);
        for (int[] f : new int[][] {{d, delta}, {l, length}}) {
            if (f[0] == 13) {
                out.write(f[1] - 13);
            } else if (f[0] == 14) {
                out.write((f[1] - 269) >> 8);
                out.write(f[1] - 269);
            }
        }
    }

    /** What is wrong with a CoAP answer: a 5.00, an RSC outside the prescribed ones, internals in its payload. */
    private static String coapProblem(byte[] d) {
        if (d.length < 4) {
            return "a datagram too short for CoAP";
        }
        int code = d[1] & 0xff;
        int pos = 4 + (d[0] & 0x0f);
        int number = 0;
        int rsc = -1;
        while (pos < d.length && (d[pos] & 0xff) != 0xFF) {
            int delta = (d[pos] & 0xff) >> 4;
            int length = d[pos] & 0x0f;
            pos++;
            int[] ext = {delta, length};
            for (int k = 0; k < 2; k++) {
                if (ext[k] == 13) {
                    ext[k] = 13 + (d[pos++] & 0xff);
                } else if (ext[k] == 14) {
                    ext[k] = 269 + ((d[pos] & 0xff) << 8 | (d[pos + 1] & 0xff));
                    pos += 2;
                }
            }
            number += ext[0];
            if (number == 307) {
                rsc = 0;
                for (int k = 0; k < ext[1]; k++) {
                    rsc = rsc << 8 | (d[pos + k] & 0xff);
                }
            }
            pos += ext[1];
        }
        String payload = pos < d.length ? new String(d, pos + 1, d.length - pos - 1, StandardCharsets.UTF_8) : "";
        if (rsc >= 5000 && !PRESCRIBED_5XXX.contains(rsc)) {
            return "RSC " + rsc + " (" + payload + ")";
        }
        if (code == 0xA0 && rsc < 0) {
            return "5.00 without a oneM2M status (" + payload + ")";
        }
        if (PACKAGE.matcher(payload).find() || THROWABLE.matcher(payload).find()
                || INTERNALS.stream().anyMatch(payload::contains)) {
            return "internals (" + payload + ")";
        }
        return null;
    }

    private static void check(String request, M2m.Rsp r, List<String> violations) {
        StringBuilder text = new StringBuilder(r.body());
        r.headers().forEach((k, v) -> text.append('\n').append(k).append(": ").append(v));
        String all = text.toString();
        String problem = null;
        String rscHeader = r.headers().get("x-m2m-rsc");
        int rsc = rscHeader == null ? -1 : Integer.parseInt(rscHeader);
        if (rsc >= 5000 && !PRESCRIBED_5XXX.contains(rsc)) {
            problem = "RSC " + rsc;
        } else if (r.status() >= 500 && rsc < 0) {
            problem = "HTTP " + r.status() + " without a oneM2M status";
        } else if (PACKAGE.matcher(all).find()) {
            problem = "a package name";
        } else if (THROWABLE.matcher(all).find()) {
            problem = "an exception class";
        } else {
            for (String s : INTERNALS) {
                if (all.contains(s)) {
                    problem = "'" + s + "'";
                    break;
                }
            }
        }
        if (problem != null && violations.size() < 20) {
            violations.add(problem + " in the answer to " + request + ":\n    " + r.status() + " " + all.replace("\n",
                    "\n    "));
        }
    }

    /** One request as sent: its head (request line and headers), its body or null, and what it is in words. */
    record Attempt(String head, byte[] body, String description) {
        String describe() {
            return description + " | " + head.replace("\r\n", " | ") + (body == null ? "" : " | body " + printable(body));
        }
    }

    private static Attempt attempt(Random rnd, int i) {
        int kind = rnd.nextInt(10);
        String method = switch (rnd.nextInt(12)) {
            case 0, 1, 2 -> "GET";
            case 3, 4, 5, 6 -> "POST";
            case 7, 8 -> "PUT";
            case 9 -> "DELETE";
            case 10 -> "PATCH";
            default -> "OPTIONS";
        };
        // a DELETE never addresses the fixture, whatever the form of its address: the rest of the run needs it
        String path = pick(rnd, method.equals("DELETE") ? DELETABLE : PATHS);
        if (rnd.nextInt(3) == 0) {
            path = path + "?" + query(rnd);
        }
        StringBuilder h = new StringBuilder(method + " " + path + " HTTP/1.1");
        if (rnd.nextInt(8) != 0) {
            h.append("\r\nX-M2M-Origin: ").append(pick(rnd, ORIGINATORS));
        }
        if (rnd.nextInt(20) != 0) {
            h.append("\r\nX-M2M-RI: fz-").append(i);
        }
        h.append("\r\nX-M2M-RVI: ").append(rnd.nextInt(5) == 0 ? pick(rnd, RVIS) : "3");
        h.append("\r\nAccept: ").append(rnd.nextInt(6) == 0 ? pick(rnd, ACCEPTS) : "application/json");
        byte[] body = null;
        int seed = rnd.nextInt(SEEDS.size());
        if (!method.equals("GET") && !method.equals("DELETE") || rnd.nextInt(10) == 0) {
            boolean cbor = rnd.nextInt(4) == 0;
            body = body(rnd, seed, cbor, kind);
            h.append("\r\nContent-Type: ").append(cbor ? "application/cbor" : "application/json")
                    .append(contentTypeParameter(rnd, seed, method));
        }
        String[] timed = {"X-M2M-RET", "X-M2M-OET", "X-M2M-RST", "X-M2M-OT"};
        if (rnd.nextInt(6) == 0) {
            h.append("\r\n").append(timed[rnd.nextInt(timed.length)]).append(": ").append(pick(rnd, TIMES));
        }
        String[] others = {"X-M2M-RTU", "X-M2M-GID", "X-M2M-EC", "X-M2M-VSI", "X-M2M-RSC", "X-M2M-ATI"};
        if (rnd.nextInt(6) == 0) {
            h.append("\r\n").append(others[rnd.nextInt(others.length)]).append(": ").append(pick(rnd, QUERY_VALUES));
        }
        if (rnd.nextInt(6) == 0) {
            h.append("\r\nAuthorization: ").append(authorization(rnd));
        }
        return new Attempt(h.toString(), body, "#" + i);
    }

    private static String contentTypeParameter(Random rnd, int seed, String method) {
        if (!method.equals("POST")) {
            return rnd.nextInt(10) == 0 ? ";ty=" + SEED_TYPES[seed] : "";
        }
        return switch (rnd.nextInt(8)) {
            case 0 -> "";
            case 1 -> ";ty=" + pick(rnd, List.of("", "x", "-1", "0", "99", "999999999999", "\"3\"", "3;ty=4", "5"));
            case 2 -> ";ty=" + (1 + rnd.nextInt(40));
            default -> SEED_TYPES[seed] == 0 ? "" : ";ty=" + SEED_TYPES[seed];
        };
    }

    private static byte[] body(Random rnd, int seed, boolean cbor, int kind) {
        JsonNode tree;
        try {
            tree = JSON.readTree(SEEDS.get(seed));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int treeMutations = kind < 7 ? 1 + rnd.nextInt(3) : 0;
        for (int m = 0; m < treeMutations; m++) {
            mutateTree(rnd, tree);
        }
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (cbor) {
            try {
                bytes = CBOR.encode(tree);
            } catch (IllegalStateException e) {
                // text CBOR cannot hold (a lone surrogate): the JSON bytes go out labelled CBOR, one more odd body
            }
        }
        return kind >= 5 ? mutateBytes(rnd, bytes, cbor) : bytes;
    }

    /** One change somewhere in the tree: a value replaced, a name removed, added or renamed. */
    private static void mutateTree(Random rnd, JsonNode root) {
        List<ObjectNode> objects = new ArrayList<>();
        collect(root, objects);
        ObjectNode o = objects.get(rnd.nextInt(objects.size()));
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        int op = rnd.nextInt(names.isEmpty() ? 1 : 4);
        try {
            switch (op) {
                case 0 -> o.set(pick(rnd, NAMES), JSON.readTree(pick(rnd, VALUES)));
                case 1 -> o.remove(pick(rnd, names));
                case 2 -> {
                    String n = pick(rnd, names);
                    JsonNode v = o.remove(n);
                    o.set(pick(rnd, NAMES), v);
                }
                default -> {
                    String n = pick(rnd, names);
                    JsonNode v = o.get(n);
                    if (v instanceof ArrayNode a && rnd.nextBoolean()) {
                        a.add(JSON.readTree(pick(rnd, VALUES)));
                    } else {
                        o.set(n, JSON.readTree(pick(rnd, VALUES)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void collect(JsonNode n, List<ObjectNode> out) {
        if (n instanceof ObjectNode o) {
            out.add(o);
        }
        for (Iterator<JsonNode> it = n.elements(); it.hasNext(); ) {
            collect(it.next(), out);
        }
    }

    /** One to three byte-level changes: a flip, a cut, a doubled run, a splice of a hostile snippet. */
    private static byte[] mutateBytes(Random rnd, byte[] in, boolean cbor) {
        byte[] b = in;
        int n = 1 + rnd.nextInt(3);
        for (int m = 0; m < n && b.length > 0; m++) {
            int at = rnd.nextInt(b.length);
            switch (rnd.nextInt(5)) {
                case 0 -> {
                    b = b.clone();
                    b[at] ^= (byte) (1 << rnd.nextInt(8));
                }
                case 1 -> b = java.util.Arrays.copyOf(b, at);
                case 2 -> {
                    int len = Math.min(b.length - at, 1 + rnd.nextInt(16));
                    b = splice(b, at, java.util.Arrays.copyOfRange(b, at, at + len));
                }
                case 3 -> {
                    int len = Math.min(b.length - at, 1 + rnd.nextInt(8));
                    byte[] out = new byte[b.length - len];
                    System.arraycopy(b, 0, out, 0, at);
                    System.arraycopy(b, at + len, out, at, b.length - at - len);
                    b = out;
                }
                default -> b = splice(b, at, cbor ? CBOR_SNIPPETS.get(rnd.nextInt(CBOR_SNIPPETS.size()))
                        : pick(rnd, SNIPPETS).getBytes(StandardCharsets.UTF_8));
            }
        }
        return b;
    }

    private static byte[] splice(byte[] b, int at, byte[] insert) {
        byte[] out = new byte[b.length + insert.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(b, at, out, at + insert.length, b.length - at);
        return out;
    }

    private static String query(Random rnd) {
        StringBuilder q = new StringBuilder();
        int n = 1 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                q.append('&');
            }
            q.append(pick(rnd, QUERY_NAMES));
            if (rnd.nextInt(8) != 0) {
                q.append('=').append(pick(rnd, QUERY_VALUES));
            }
        }
        return q.toString();
    }

    /** An Authorization header: schemes, garbage, and JWS/JWE shapes whose parts decode to mutated JSON. */
    private static String authorization(Random rnd) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = pick(rnd, List.of("{\"alg\":\"ES256\"}", "{\"alg\":\"none\"}", "{\"alg\":\"ES256\",\"enc\":1}",
                "{\"alg\":[]}", "{", "[]", "{\"alg\":\"RSA-OAEP\",\"enc\":\"A128GCM\",\"cty\":\"JWT\"}", "null"));
        String payload = pick(rnd, List.of("{\"jti\":\"x\",\"iss\":\"/id-das\",\"exp\":1e308}", "{\"jti\":1}",
                "{\"nbf\":\"x\",\"exp\":-1}", "{", "{\"a\":1,\"a\":2}", "\"x\"", "{\"holder\":{}}",
                "{\"m2m:tkps\":{\"pm\":[{\"ops\":99}]}}"));
        String token = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + b64.encodeToString(new byte[8]);
        return switch (rnd.nextInt(6)) {
            case 0 -> "Bearer " + token;
            case 1 -> token + "+" + token;
            case 2 -> "Basic Zm9vOmJhcg==";
            case 3 -> token + "..";
            case 4 -> "Bearer a.b.c.d.e";
            default -> token.substring(0, rnd.nextInt(token.length()));
        };
    }

    /** A request head that is not quite HTTP, or not HTTP at all. */
    private static String rawHead(Random rnd) {
        List<String> lines = List.of("GET /cse-in HTTP/1.1", "POST /cse-in HTTP/1.1", "GET /cse-in HTTP/9.9",
                "GET  /cse-in  HTTP/1.1", "get /cse-in HTTP/1.1", "GET cse-in HTTP/1.1", "GET http://x/cse-in HTTP/1.1",
                "GET /cse-in", "\u0000\u0001\u0002", "GET /cse-in\u0000 HTTP/1.1", "BREW /cse-in HTTP/1.1");
        List<String> headers = List.of("X-M2M-Origin: " + AE, "X-M2M-RI: raw", "X-M2M-RVI: 3",
                "Content-Type: application/json;ty=3", "Content-Type: application/cbor;ty=4", "X-M2M-Origin:",
                "X M2M Origin: x", ": value", "X-M2M-RI: a\u0000b", "Transfer-Encoding: chunked", "Expect: 100-continue",
                "Content-Length: -1", "Content-Length: 99999999999", "X-M2M-RI: " + "r".repeat(9000),
                "Accept: application/cbor", "Host:");
        StringBuilder h = new StringBuilder(pick(rnd, lines));
        int n = rnd.nextInt(5);
        for (int i = 0; i < n; i++) {
            h.append("\r\n").append(pick(rnd, headers));
        }
        return h.toString();
    }

    private static String printable(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(b.length, 160); i++) {
            int c = b[i] & 0xff;
            s.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return b.length > 160 ? s + "…" : s.toString();
    }

    private static <T> T pick(Random rnd, List<T> from) {
        return from.get(rnd.nextInt(from.size()));
    }
}
