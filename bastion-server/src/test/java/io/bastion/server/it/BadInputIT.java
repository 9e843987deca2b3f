package io.bastion.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Supplier;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One test per class of bad input. Each asserts the exact response status code, a one-line {@code m2m:dbg} reason,
 * no trace of the server's internals in the body, and that nothing was created; after each, the server still
 * answers.
 */
class BadInputIT {
    static final String AE = "Cbad";
    static final String HOME = "/cse-in/bad";
    static final AtomicInteger SEQ = new AtomicInteger();

    @RegisterExtension
    static final TestServer cse = new TestServer().registering(AE, "bad");
    static final M2m m2m = cse.client();

    @BeforeAll
    static void start() {
        m2m.createContainer(AE, HOME, "box");
    }

    @AfterEach
    void serverStillAnswers() {
        m2m.retrieve(M2m.ADMIN, "/cse-in").expect(2000);
        m2m.retrieve(AE, HOME + "/box").expect(2000);
    }

    static String name() {
        return "n" + SEQ.incrementAndGet();
    }

    /** The exact code, a non-empty one-line reason, and no stack trace or class names in the body. */
    static M2m.Rsp refused(M2m.Rsp r, int rsc) {
        r.expect(rsc);
        assertThat(r.body()).as("body of %s", r.request()).doesNotContain("Exception").doesNotContain("at io.")
                .doesNotContain("at java.").doesNotContain("\tat ").doesNotContain("com.fasterxml")
                .doesNotContain("io.netty").doesNotContain("io.bastion");
        String dbg = r.dbg();
        assertThat(dbg).as("m2m:dbg of %s: %s", r.request(), r.body()).isNotBlank();
        assertThat(dbg).as("m2m:dbg is one line").doesNotContain("\n").doesNotContain("\r");
        return r;
    }

    static M2m.Rsp createCnt(String body) {
        return m2m.create(AE, HOME, 3, body);
    }

    static void notCreated(String rn) {
        m2m.retrieve(M2m.ADMIN, HOME + "/" + rn).expect(4004);
    }

    // ------------------------------------------------------------------------------------ JSON itself

    @Test
    void malformedJsonIsRefusedWith4000() {
        String rn = name();
        refused(createCnt("{\"m2m:cnt\":{\"rn\":\"" + rn + "\",}"), 4000);
        refused(createCnt("{\"m2m:cnt\":{\"rn\":\"" + rn + "\"}"), 4000);
        refused(createCnt("not json at all"), 4000);
        refused(createCnt("{\"m2m:cnt\":{\"rn\":\"" + rn + "\"}} trailing"), 4000);
        refused(createCnt("{\"m2m:cnt\":{\"rn\":\"" + rn + "\",\"rn\":\"again\"}}"), 4000);
        refused(m2m.request("POST", HOME).from(AE).ty(3).body(new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"',
                ':', '1', '}'}).send(), 4000);
        notCreated(rn);
    }

    @Test
    void textThatNoAnswerCouldCarryIsRefusedWith4000() {
        // half a surrogate pair: stored, it made every CBOR answer holding it fail with 5000
        String rn = name();
        refused(m2m.create(AE, HOME + "/box", 4, "{\"m2m:cin\":{\"rn\":\"" + rn + "\",\"con\":\"a\\ud800\"}}"),
                4000);
        refused(m2m.request("POST", HOME + "/box").from(AE).header("Content-Type", "application/cbor;ty=4")
                .body(java.util.HexFormat.of().parseHex("a1676d326d3a63696ea163636f6e63eda080")).send(), 4000);
        m2m.retrieve(M2m.ADMIN, HOME + "/box/" + rn).expect(4004);
        m2m.createCin(AE, HOME + "/box", "a pair is one character: \ud83d\ude00").expect(2001);
        m2m.request("GET", HOME + "/box/la").from(AE).header("Accept", "application/cbor").send().expect(2000);
    }

    @Test
    void contentThatIsNotOneObjectIsRefusedWith4000() {
        refused(createCnt("[1,2,3]"), 4000);
        refused(createCnt("\"m2m:cnt\""), 4000);
        refused(createCnt("{\"m2m:cnt\":[]}"), 4000);
        refused(createCnt("{\"m2m:cnt\":{},\"m2m:cin\":{}}"), 4000);
        refused(m2m.request("POST", HOME).from(AE).ty(3).send(), 4000);
        refused(createCnt("null"), 4000);
    }

    @Test
    void deeplyNestedJsonIsRefusedWith4000() {
        int depth = 100_000;
        StringBuilder s = new StringBuilder("{\"m2m:cnt\":{\"rn\":\"deep\",\"lbl\":");
        s.append("[".repeat(depth)).append("]".repeat(depth)).append("}}");
        refused(createCnt(s.toString()), 4000);
        StringBuilder o = new StringBuilder("{\"m2m:cin\":{\"con\":");
        o.append("{\"a\":".repeat(200)).append("1").append("}".repeat(200)).append("}}");
        refused(m2m.create(AE, HOME + "/box", 4, o.toString()), 4000);
        notCreated("deep");
    }

    @Test
    void hugeNumbersAreRefusedWith4000() {
        String rn = name();
        refused(createCnt("{\"m2m:cnt\":{\"rn\":\"" + rn + "\",\"mni\":99999999999999999999999}}"), 4000);
        refused(createCnt("{\"m2m:cnt\":{\"rn\":\"" + rn + "\",\"mni\":1e400}}"), 4000);
        refused(createCnt("{\"m2m:cnt\":{\"rn\":\"" + rn + "\",\"mni\":" + "9".repeat(500) + "}}"), 4000);
        refused(createCnt("{\"m2m:cnt\":{\"rn\":\"" + rn + "\",\"mbs\":-1}}"), 4000);
        notCreated(rn);
        refused(m2m.create(AE, HOME, 1, M2m.acpBody(rn, "[{\"acor\":[\"all\"],\"acop\":4294967298}]",
                M2m.rules(M2m.rule(63, AE)))), 4000);
        refused(m2m.create(AE, HOME, 9, "{\"m2m:grp\":{\"rn\":\"" + rn + "\",\"mnm\":99999999999,\"mid\":[]}}"),
                4000);
        notCreated(rn);
    }

    @Test
    void integerAttributesAreNotSilentlyTruncated() {
        // 2^32 + 1 would read as 1 if cut to 32 bits
        String rn = name();
        refused(m2m.create(AE, HOME + "/box", 23, "{\"m2m:sub\":{\"rn\":\"" + rn
                + "\",\"nu\":[\"" + AE + "\"],\"nct\":4294967297}}"), 4000);
        m2m.retrieve(M2m.ADMIN, HOME + "/box/" + rn).expect(4004);
    }

    @Test
    void largestIntegerLimitsAreAcceptedWithoutOverflow() {
        String rn = name();
        long max = Long.MAX_VALUE;
        m2m.create(AE, HOME, 3, "{\"m2m:cnt\":{\"rn\":\"" + rn + "\",\"mni\":" + max + ",\"mbs\":" + max
                + ",\"mia\":" + max + "}}").expect(2001);
        // an instance under the largest limits: no overflow while computing its lifetime or the evictions
        m2m.createCin(AE, HOME + "/" + rn, "fits").expect(2001);
        m2m.retrieve(AE, HOME + "/" + rn + "/la").expect(2000);
    }

    // ------------------------------------------------------------------- hostile content, before authentication

    static final int MIB = 1024 * 1024;

    /**
     * Sends a hostile body and checks what answering it cost this JVM, where the server runs: heap allocated by all
     * threads (the work done, whatever the machine's speed) and CPU time, each a bound the quadratic cases exceed by
     * orders of magnitude (1 MiB of CBOR tags: about 28 s of CPU and hundreds of gigabytes allocated).
     */
    static M2m.Rsp refusedCheaply(String what, Supplier<M2m.Rsp> send) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long allocatedBefore = threads.getTotalThreadAllocatedBytes();
        long cpuBefore = os.getProcessCpuTime();
        M2m.Rsp r = refused(send.get(), 4000);
        long allocated = threads.getTotalThreadAllocatedBytes() - allocatedBefore;
        Duration cpu = Duration.ofNanos(os.getProcessCpuTime() - cpuBefore);
        assertThat(allocated).as("bytes allocated while refusing %s: %s", what, r.dbg()).isLessThan(64L * MIB);
        assertThat(cpu).as("CPU time spent refusing %s", what).isLessThan(Duration.ofSeconds(5));
        return r;
    }

    static byte[] filled(int size, int value) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) value);
        return b;
    }

    /** A registration without an originator, as an anonymous client sends it: content is read before anything. */
    static M2m.Rsp anonymousCreate(String contentType, byte[] body) {
        return m2m.request("POST", "/cse-in").from(null).header("Content-Type", contentType).body(body).send();
    }

    @Test
    void aCborTagBombIsRefusedWith4000AtTheCostOfReadingIt() {
        byte[] bomb = filled(MIB, 0xC6); // 1 MiB: tag 6 over and over, then an empty map
        bomb[MIB - 1] = (byte) 0xA0;
        M2m.Rsp r = refusedCheaply("a CBOR tag bomb", () -> anonymousCreate("application/cbor;ty=2", bomb));
        assertThat(r.dbg()).contains("tag");
        refusedCheaply("deep CBOR nesting", () -> anonymousCreate("application/cbor;ty=2", filled(MIB, 0x81)));
        m2m.retrieve(M2m.ADMIN, "/cse-in").expect(2000);
    }

    @Test
    void jsonCousinsOfTheTagBombAreRefusedWith4000AtTheCostOfReadingThem() {
        assertThat(refusedCheaply("deep JSON nesting", () -> anonymousCreate("application/json;ty=2",
                filled(MIB, '['))).dbg()).contains("nested deeper than 64");
        byte[] digits = filled(MIB, '9');
        byte[] head = "{\"m2m:ae\":{\"rn\":".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, digits, 0, head.length);
        digits[MIB - 2] = '}';
        digits[MIB - 1] = '}';
        assertThat(refusedCheaply("a number of a million digits", () -> anonymousCreate("application/json;ty=2",
                digits)).dbg()).contains("number longer than 64");
        for (String n : new String[] {"1e1000000", "-1E+999999999", "1e-1000000"}) {
            assertThat(refusedCheaply(n, () -> anonymousCreate("application/json;ty=2",
                    ("{\"m2m:ae\":{\"rn\":\"x\",\"lbl\":[" + n + "]}}").getBytes(StandardCharsets.US_ASCII)))
                    .dbg()).contains("number");
        }
        StringBuilder zeros = new StringBuilder(MIB).append("{\"m2m:ae\":{\"lbl\":[");
        while (zeros.length() < MIB - 10) {
            zeros.append("0,");
        }
        byte[] many = zeros.append("0]}}").toString().getBytes(StandardCharsets.US_ASCII);
        assertThat(refusedCheaply("half a million values", () -> anonymousCreate("application/json;ty=2", many))
                .dbg()).contains("more than 200000");
        byte[] longString = filled(MIB, 'a');
        byte[] open = "{\"m2m:ae\":{\"rn\":\"".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(open, 0, longString, 0, open.length);
        longString[MIB - 3] = '"';
        longString[MIB - 2] = '}';
        longString[MIB - 1] = '}';
        refusedCheaply("a string of a megabyte", () -> anonymousCreate("application/json;ty=2", longString));
    }

    // ------------------------------------------------------------------------------------- attributes

    @Test
    void wrongAttributeTypesAreRefusedWith4000() {
        String rn = name();
        refused(createCnt("{\"m2m:cnt\":{\"rn\":\"" + rn + "\",\"mni\":\"five\"}}"), 4000);
        refused(createCnt("{\"m2m:cnt\":{\"rn\":\"" + rn + "\",\"mni\":1.5}}"), 4000);
        refused(createCnt("{\"m2m:cnt\":{\"rn\":\"" + rn + "\",\"lbl\":\"not-a-list\"}}"), 4000);
        refused(createCnt("{\"m2m:cnt\":{\"rn\":\"" + rn + "\",\"lbl\":[1,2]}}"), 4000);
        refused(createCnt("{\"m2m:cnt\":{\"rn\":42}}"), 4000);
        refused(createCnt("{\"m2m:cnt\":{\"rn\":\"" + rn + "\",\"et\":\"tomorrow\"}}"), 4000);
        refused(createCnt("{\"m2m:cnt\":{\"rn\":\"" + rn + "\",\"disr\":\"yes\"}}"), 4000);
        refused(m2m.create("Cbad2", "/cse-in", 2,
                "{\"m2m:ae\":{\"rn\":\"bad2\",\"api\":\"Napp\",\"rr\":\"false\",\"srv\":[\"3\"]}}"), 4000);
        refused(m2m.create("Cbad2", "/cse-in", 2,
                "{\"m2m:ae\":{\"rn\":\"bad2\",\"api\":\"Napp\",\"rr\":false,\"srv\":\"3\"}}"), 4000);
        refused(m2m.create("Cbad2", "/cse-in", 2,
                "{\"m2m:ae\":{\"rn\":\"bad2\",\"api\":\"Napp\",\"rr\":false,\"srv\":[\"3\"],\"poa\":\"http://x\"}}"),
                4000);
        refused(m2m.update(AE, HOME + "/box", "{\"m2m:cnt\":{\"mni\":\"many\"}}"), 4000);
        notCreated(rn);
        m2m.retrieve(M2m.ADMIN, "/cse-in/bad2").expect(4004);
    }

    @Test
    void valuesOutsideTheirOneM2mDataTypeAreRefusedWith4000() {
        String rn = name();
        // lbl is m2m:labels, a list of xs:token: no tab or line break, no leading, trailing or double space
        for (String label : new String[] {" lead", "trail ", "two  spaces", "tab\\there", "line\\nbreak"}) {
            M2m.Rsp r = refused(createCnt("{\"m2m:cnt\":{\"rn\":\"" + rn + "\",\"lbl\":[\"ok\",\"" + label + "\"]}}"),
                    4000);
            assertThat(r.dbg()).contains("lbl");
        }
        refused(m2m.update(AE, HOME + "/box", "{\"m2m:cnt\":{\"lbl\":[\"a  b\"]}}"), 4000);
        // cnf is m2m:contentInfo: media type ':' encoding (0-2) [':' content security (0-5)]
        for (String cnf : new String[] {"text/plain", "text/plain:7", "text/plain:0:9", "text:0", "text/plain:0:1:2",
            "text/plain;charset=utf-8:0", ":0", "text/pl ain:0"}) {
            M2m.Rsp r = refused(m2m.create(AE, HOME + "/box", 4, "{\"m2m:cin\":{\"rn\":\"" + rn + "\",\"cnf\":\"" + cnf
                    + "\",\"con\":\"x\"}}"), 4000);
            assertThat(r.dbg()).contains("cnf");
        }
        // csz is m2m:serializations: a non-empty list of the serialization media types
        for (String csz : new String[] {"[\"text/html\"]", "[\"application/json\",\"json\"]", "[]", "[1]"}) {
            M2m.Rsp r = refused(m2m.create("Cbad3", "/cse-in", 2, "{\"m2m:ae\":{\"rn\":\"bad3\",\"api\":\"Napp\","
                    + "\"rr\":false,\"srv\":[\"3\"],\"csz\":" + csz + "}}"), 4000);
            assertThat(r.dbg()).contains("csz");
        }
        refused(m2m.update(AE, "/cse-in/bad", "{\"m2m:ae\":{\"csz\":[\"application/yaml\"]}}"), 4000);
        notCreated(rn);
        m2m.retrieve(AE, HOME + "/box/" + rn).expect(4004);
        m2m.retrieve(M2m.ADMIN, "/cse-in/bad3").expect(4004);
    }

    @Test
    void valuesOfTheirOneM2mDataTypeAreAccepted() {
        String rn = name();
        createCnt("{\"m2m:cnt\":{\"rn\":\"" + rn + "\",\"lbl\":[\"room:1\",\"a b\",\"key:with value\"]}}").expect(2001);
        for (String cnf : new String[] {"text/plain:0", "application/json:1", "application/octet-stream:2",
            "application/jose:0:1", "application/vnd.onem2m-res+json:0:0"}) {
            // with the ESData flag 1, con must be a compact JWS or JWE: header {"alg":"HS256"} (EsDataIT checks more)
            String con = cnf.endsWith(":0:1") ? "eyJhbGciOiJIUzI1NiJ9.eA.c2ln" : "x";
            m2m.create(AE, HOME + "/" + rn, 4, "{\"m2m:cin\":{\"cnf\":\"" + cnf + "\",\"con\":\"" + con + "\"}}")
                    .expect(2001);
        }
        m2m.update(AE, "/cse-in/bad", "{\"m2m:ae\":{\"csz\":[\"application/cbor\",\"application/json\","
                + "\"application/xml\"]}}").expect(2004);
        m2m.update(AE, "/cse-in/bad", "{\"m2m:ae\":{\"csz\":null}}").expect(2004);
    }

    @Test
    void unknownAttributeIsRefusedWith4000() {
        String rn = name();
        M2m.Rsp r = refused(createCnt("{\"m2m:cnt\":{\"rn\":\"" + rn + "\",\"colour\":\"red\"}}"), 4000);
        assertThat(r.dbg()).contains("colour");
        refused(m2m.update(AE, HOME + "/box", "{\"m2m:cnt\":{\"colour\":\"red\"}}"), 4000);
        // an attribute of another type
        refused(createCnt("{\"m2m:cnt\":{\"rn\":\"" + rn + "\",\"con\":\"x\"}}"), 4000);
        notCreated(rn);
    }

    @Test
    void readOnlyAttributeOnCreateIsRefusedWith4000() {
        String rn = name();
        for (String attr : new String[] {"\"ri\":\"chosen\"", "\"cni\":3", "\"cbs\":0", "\"st\":0", "\"ty\":3",
            "\"ct\":\"20250101T000000\"", "\"lt\":\"20250101T000000\"", "\"pi\":\"Cbad\""}) {
            refused(createCnt("{\"m2m:cnt\":{\"rn\":\"" + rn + "\"," + attr + "}}"), 4000);
        }
        refused(m2m.create(AE, HOME + "/box", 4, "{\"m2m:cin\":{\"con\":\"x\",\"cs\":1}}"), 4000);
        refused(createCnt("{\"m2m:cnt\":{\"rn\":\"" + rn + "\",\"cr\":\"Cbad\"}}"), 4000);
        notCreated(rn);
        m2m.retrieve(M2m.ADMIN, "/chosen").expect(4004);
    }

    @Test
    void notPermittedAttributeOnUpdateIsRefusedWith4000() {
        String box = HOME + "/box";
        for (String attr : new String[] {"\"rn\":\"renamed\"", "\"ri\":\"x\"", "\"ty\":4", "\"cni\":0",
            "\"ct\":\"20250101T000000\"", "\"pi\":\"x\"", "\"cr\":null"}) {
            refused(m2m.update(AE, box, "{\"m2m:cnt\":{" + attr + "}}"), 4000);
        }
        refused(m2m.update(AE, "/cse-in/bad", "{\"m2m:ae\":{\"api\":\"Nother\"}}"), 4000);
        refused(m2m.update(AE, "/cse-in/bad", "{\"m2m:ae\":{\"aei\":\"Cother\"}}"), 4000);
        refused(m2m.update(AE, box, "{\"m2m:cnt\":{}}"), 4000);
        m2m.retrieve(AE, HOME + "/renamed").expect(4004);
        M2m.Rsp ae = m2m.retrieve(AE, "/cse-in/bad").expect(2000);
        assertThat(ae.attr("api")).isEqualTo("Napp");
        assertThat(ae.attr("aei")).isEqualTo(AE);
    }

    @Test
    void missingMandatoryAttributeIsRefusedWith4000() {
        String rn = name();
        refused(m2m.create(AE, HOME + "/box", 23, "{\"m2m:sub\":{\"rn\":\"" + rn + "\"}}"), 4000);
        refused(m2m.create(AE, HOME + "/box", 4, "{\"m2m:cin\":{\"rn\":\"" + rn + "\"}}"), 4000);
        refused(m2m.create(AE, HOME, 9, "{\"m2m:grp\":{\"rn\":\"" + rn + "\",\"mnm\":2}}"), 4000);
        refused(m2m.create(AE, HOME, 1, "{\"m2m:acp\":{\"rn\":\"" + rn + "\",\"pvs\":{\"acr\":[]}}}"), 4000);
        m2m.retrieve(M2m.ADMIN, HOME + "/box/" + rn).expect(4004);
        notCreated(rn);
    }

    @Test
    void invalidResourceNameIsRefusedWith4000() {
        for (String rn : new String[] {"a/b", "..", ".", "", "a b", "a?b", "a#b", "a%2Fb", "x".repeat(300)}) {
            refused(createCnt("{\"m2m:cnt\":{\"rn\":" + M2m.quote(rn) + "}}"), 4000);
        }
        refused(createCnt("{\"m2m:cnt\":{\"rn\":\"la\"}}"), 4000);
        m2m.retrieve(M2m.ADMIN, HOME + "/a").expect(4004);
    }

    @Test
    void duplicateResourceNameIsRefusedWith4105() {
        M2m.Rsp r = refused(createCnt("{\"m2m:cnt\":{\"rn\":\"box\"}}"), 4105);
        assertThat(r.status()).isEqualTo(409);
        assertThat(m2m.retrieve(AE, HOME + "?rcn=6").expect(2000).json().path("m2m:rrl").path("rrf")
                .findValuesAsText("nm")).containsOnlyOnce("box");
    }

    @Test
    void expirationTimeInThePastIsRefusedWith4000() {
        String rn = name();
        refused(createCnt("{\"m2m:cnt\":{\"rn\":\"" + rn + "\",\"et\":\"20000101T000000\"}}"), 4000);
        notCreated(rn);
    }

    // ---------------------------------------------------------------------------- primitive parameters

    @Test
    void missingRequestIdentifierIsRefusedWith4000() {
        String rn = name();
        refused(m2m.request("POST", HOME).from(AE).without("X-M2M-RI").ty(3)
                .body("{\"m2m:cnt\":{\"rn\":\"" + rn + "\"}}").send(), 4000);
        refused(m2m.request("GET", HOME).from(AE).without("X-M2M-RI").send(), 4000);
        notCreated(rn);
    }

    @Test
    void repeatedRequestHeaderIsRefusedWith4000() {
        refused(m2m.raw("GET " + HOME + " HTTP/1.1\r\nX-M2M-Origin: " + AE + "\r\nX-M2M-Origin: " + M2m.ADMIN
                + "\r\nX-M2M-RI: dup\r\nX-M2M-RVI: 3", null), 4000);
    }

    @Test
    void missingOrInvalidResourceTypeOnCreateIsRefusedWith4000() {
        String rn = name();
        String body = "{\"m2m:cnt\":{\"rn\":\"" + rn + "\"}}";
        for (String ct : new String[] {"application/json;ty=", "application/json;ty=abc", "application/json;ty=-3",
            "application/json;ty=0", "application/json;ty=999", "application/json;ty=99999999999"}) {
            refused(m2m.request("POST", HOME).from(AE).header("Content-Type", ct).body(body).send(), 4000);
        }
        notCreated(rn);
    }

    @Test
    void contentRootNotMatchingTheResourceTypeIsRefusedWith4000() {
        String rn = name();
        refused(m2m.create(AE, HOME, 3, "{\"m2m:cin\":{\"rn\":\"" + rn + "\",\"con\":\"x\"}}"), 4000);
        refused(m2m.create(AE, HOME, 4, "{\"m2m:cnt\":{\"rn\":\"" + rn + "\"}}"), 4000);
        refused(m2m.create(AE, HOME, 3, "{\"cnt\":{\"rn\":\"" + rn + "\"}}"), 4000);
        refused(m2m.update(AE, HOME + "/box", "{\"m2m:ae\":{\"lbl\":[\"x\"]}}"), 4000);
        notCreated(rn);
    }

    @Test
    void validButUnimplementedResourceTypeIsRefusedWith5001() {
        // mgmtCmd (12) and semanticDescriptor (24) are defined resource types this CSE does not implement
        String rn = name();
        refused(m2m.create(AE, HOME, 12, "{\"m2m:mgc\":{\"rn\":\"" + rn + "\",\"cmt\":1}}"), 5001);
        refused(m2m.create(AE, HOME, 24, "{\"m2m:smd\":{\"rn\":\"" + rn + "\",\"dcrp\":\"x\"}}"), 5001);
        notCreated(rn);
    }

    @Test
    void resourceTypeThatCannotBeCreatedIsRefused() {
        // a second CSEBase
        M2m.Rsp r = m2m.create(M2m.ADMIN, "/cse-in", 5, "{\"m2m:cb\":{\"rn\":\"second\"}}");
        assertThat(r.rsc()).isIn(4000, 4005, 4108);
        refused(r, r.rsc());
        m2m.retrieve(M2m.ADMIN, "/cse-in/second").expect(4004);
    }

    @Test
    void invalidReleaseVersionIsRefusedWith4001() {
        M2m.Rsp r = refused(m2m.request("GET", HOME).from(AE).header("X-M2M-RVI", "99").send(), 4001);
        assertThat(r.status()).isEqualTo(501);
        refused(m2m.request("GET", HOME).from(AE).header("X-M2M-RVI", "1").send(), 4001);
        // no rvi means Release 1 (TS-0004 7.3.2.1), which this CSE does not serve
        refused(m2m.request("GET", HOME).from(AE).without("X-M2M-RVI").send(), 4001);
    }

    @Test
    void originatorThatIsNeitherAnAeIdNorACseIdIsRefusedWith4000() {
        refused(m2m.retrieve("hello", HOME), 4000);
        refused(m2m.retrieve("Cbad/../CAdmin", HOME), 4000);
    }

    @Test
    void unknownResourceIsNotFound4004() {
        M2m.Rsp r = refused(m2m.retrieve(AE, HOME + "/nothing/here"), 4004);
        assertThat(r.status()).isEqualTo(404);
        refused(m2m.retrieve(AE, "/cnt-does-not-exist"), 4004);
        refused(m2m.update(AE, HOME + "/nothing", "{\"m2m:cnt\":{\"lbl\":[]}}"), 4004);
        refused(m2m.delete(AE, HOME + "/nothing"), 4004);
        refused(m2m.create(AE, HOME + "/nothing", 3, "{\"m2m:cnt\":{}}"), 4004);
    }

    @Test
    void pathTraversalIsRefusedWith4000() {
        refused(m2m.raw("GET", "/cse-in/../x", AE, null, null), 4000);
        refused(m2m.raw("GET", "/cse-in/bad/../bad", AE, null, null), 4000);
        refused(m2m.raw("GET", "/cse-in/%2e%2e/cse-in", AE, null, null), 4000);
        refused(m2m.raw("GET", "/cse-in/bad/%2E%2E/%2e%2e/etc/passwd", AE, null, null), 4000);
        refused(m2m.raw("GET", "/cse-in/./bad", AE, null, null), 4000);
        refused(m2m.raw("GET", "/cse-in//bad", AE, null, null), 4000);
        refused(m2m.raw("GET", "/cse-in/bad%00", AE, null, null), 4000);
        refused(m2m.raw("GET", "/cse-in/bad%zz", AE, null, null), 4000);
        refused(m2m.raw("POST", "/cse-in/bad/%2e%2e", AE, "application/json;ty=3",
                "{\"m2m:cnt\":{\"rn\":\"escaped\"}}".getBytes(StandardCharsets.UTF_8)), 4000);
        m2m.retrieve(M2m.ADMIN, "/cse-in/escaped").expect(4004);
    }

    /** One rule for empty segments, a trailing '/' included, in each form of address (issue 9 #4). */
    @Test
    void aTrailingSlashIsAnEmptySegmentRefusedWith4000InEveryForm() {
        String emptyInside = refused(m2m.raw("GET", "/cse-in//bad", AE, null, null), 4000).dbg();
        for (String target : new String[] {"/cse-in/", HOME + "/", HOME + "/box/", "/~/id-in/cse-in/",
                "/~/id-in/", "/_/bastion.example/id-in/cse-in/", "/_/bastion.example/id-in/cse-in/bad/",
                "/_/bastion.example//cse-in", "/-/", "/cse-in/bad/box/la/"}) {
            assertThat(refused(m2m.raw("GET", target, AE, null, null), 4000).dbg()).as(target)
                    .isEqualTo(emptyInside);
        }
        refused(m2m.raw("POST", HOME + "/", AE, "application/json;ty=3",
                "{\"m2m:cnt\":{\"rn\":\"slashed\"}}".getBytes(StandardCharsets.UTF_8)), 4000);
        m2m.retrieve(M2m.ADMIN, HOME + "/slashed").expect(4004);
        refused(m2m.raw("DELETE", HOME + "/box/", AE, null, null), 4000);
        m2m.retrieve(AE, HOME + "/box").expect(2000);
    }

    @Test
    void unknownQueryParameterIsRefusedWith4000() {
        M2m.Rsp r = refused(m2m.retrieve(AE, HOME + "?colour=red"), 4000);
        assertThat(r.dbg()).contains("colour");
        refused(m2m.retrieve(AE, HOME + "?rcn="), 4000);
        refused(m2m.retrieve(AE, HOME + "?rcn=1&rcn=1"), 4000);
        refused(m2m.retrieve(AE, HOME + "?rcn=one"), 4000);
        refused(m2m.retrieve(AE, HOME + "?rcn=99"), 4000);
        refused(m2m.retrieve(AE, HOME + "?lim=99999999999&fu=1"), 4000);
    }

    @Test
    void knownButUnsupportedFilterIsRefusedWith5001() {
        // TS-0004 7.3.2.1: a parameter value relating to a feature the Hosting CSE does not support
        refused(m2m.retrieve(AE, HOME + "?fu=1&smf=SELECT"), 5001);
    }

    @Test
    void filterCriteriaInACreateAreRefusedWith4000() {
        String rn = name();
        refused(m2m.request("POST", HOME + "?fu=1&ty=3").from(AE).ty(3).body("{\"m2m:cnt\":{\"rn\":\"" + rn
                + "\"}}").send(), 4000);
        notCreated(rn);
    }

    @Test
    void unsupportedMediaTypeIsRefusedWith4015() {
        String rn = name();
        for (String ct : new String[] {"text/plain;ty=3", "application/yaml;ty=3",
            "application/vnd.onem2m-res+yaml;ty=3", "application/x-www-form-urlencoded;ty=3"}) {
            M2m.Rsp r = refused(m2m.request("POST", HOME).from(AE).header("Content-Type", ct)
                    .body("{\"m2m:cnt\":{\"rn\":\"" + rn + "\"}}").send(), 4015);
            assertThat(r.status()).isEqualTo(415);
        }
        refused(m2m.request("PUT", HOME + "/box").from(AE).header("Content-Type", "text/plain")
                .body("{\"m2m:cnt\":{\"lbl\":[\"t\"]}}").send(), 4015);
        notCreated(rn);
    }

    @Test
    void acceptingOnlyUnservedTypesIsRefusedWith5207AndNothingIsCreated() {
        String rn = name();
        M2m.Rsp r = refused(m2m.request("POST", HOME).from(AE).header("Accept", "text/html").ty(3)
                .body("{\"m2m:cnt\":{\"rn\":\"" + rn + "\"}}").send(), 5207);
        assertThat(r.status()).isEqualTo(406);
        refused(m2m.request("GET", HOME).from(AE).header("Accept", "application/xml;q=0, text/html").send(), 5207);
        notCreated(rn);
    }

    @Test
    void oversizedBodyIsRefusedWith4000() {
        String rn = name();
        byte[] big = new byte[1024 * 1024 + 100];
        Arrays.fill(big, (byte) ' ');
        byte[] head = ("{\"m2m:cin\":{\"rn\":\"" + rn + "\",\"con\":\"").getBytes(StandardCharsets.UTF_8);
        System.arraycopy(head, 0, big, 0, head.length);
        byte[] tail = "\"}}".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(tail, 0, big, big.length - tail.length, tail.length);
        refused(m2m.raw("POST", HOME + "/box", AE, "application/json;ty=4", big), 4000);
        m2m.retrieve(M2m.ADMIN, HOME + "/box/" + rn).expect(4004);
        // just under the limit passes the binding (and is stored: no mbs)
        byte[] ok = new byte[1000 * 1000];
        Arrays.fill(ok, (byte) 'a');
        String con = new String(ok, StandardCharsets.US_ASCII);
        m2m.create(AE, HOME + "/box", 4, "{\"m2m:cin\":{\"rn\":\"" + rn + "\",\"con\":\"" + con + "\"}}")
                .expect(2001);
        m2m.delete(AE, HOME + "/box/" + rn).expect(2002);
    }

    @Test
    void unsupportedHttpMethodIsRefusedWith4005() {
        refused(m2m.request("PATCH", HOME + "/box").from(AE).body("{\"m2m:cnt\":{\"lbl\":[\"p\"]}}").send(), 4005);
    }

    @Test
    void garbageInsteadOfHttpIsAnsweredWith4000() {
        M2m.Rsp r = m2m.raw("THIS IS NOT HTTP AT ALL\u0001\u0002", null);
        refused(r, 4000);
    }

    @Test
    void malformedOrUnservedResponseTypeIsRefused() {
        assertThat(refused(m2m.retrieve(AE, HOME + "?rt=9"), 4000).dbg()).contains("rt");
        assertThat(refused(m2m.retrieve(AE, HOME + "?rt=-1"), 4000).dbg()).contains("rt");
        assertThat(refused(m2m.retrieve(AE, HOME + "?rt=5"), 5001).dbg()).contains("rt=5");
        assertThat(refused(m2m.request("GET", HOME + "?rt=3").from(AE).header("X-M2M-RTU", "http://127.0.0.1:9/n")
                .send(), 4000).dbg()).contains("rtu");
    }

    @Test
    void expiredRequestIsRefusedWith4008() {
        refused(m2m.request("GET", HOME).from(AE).header("X-M2M-RET", "20000101T000000").send(), 4008);
        refused(m2m.request("GET", HOME).from(AE).header("X-M2M-RET", "-1000").send(), 4008);
        refused(m2m.request("GET", HOME).from(AE).header("X-M2M-RET", "soon").send(), 4000);
    }
}
