package io.bastion.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.AttributePolicy;
import io.bastion.core.resource.ResourceType;
import io.bastion.core.resource.ResourceTypes;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class XmlCodecTest {
    private static final Codec JSON = JacksonCodec.json();
    private static final Codec XML = XmlCodec.xml();

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode json(String s) {
        return JSON.decode(b(s));
    }

    private static String xml(JsonNode n) {
        return new String(XML.encode(n), StandardCharsets.UTF_8);
    }

    /** A JSON value (as text) of each value type that a client could send. */
    private static final Map<String, String> SAMPLES = Map.ofEntries(
            Map.entry("STRING", "\"a text  with spaces\""), Map.entry("NCNAME", "\"name_1\""),
            Map.entry("ANY_URI", "\"//example.net/in-cse/x\""), Map.entry("BOOLEAN", "true"),
            Map.entry("NON_NEG_INTEGER", "0"), Map.entry("POSITIVE_INTEGER", "4294967296"),
            Map.entry("INTEGER", "-7"), Map.entry("TIMESTAMP", "\"20261206T120000\""),
            Map.entry("ABS_REL_TIMESTAMP", "\"20261206T120000\""), Map.entry("LIST_OF_STRING", "[\"a\",\"b\"]"),
            Map.entry("LIST_OF_URI", "[\"/in-cse/acp1\",\"//x.net/in/acp2\"]"),
            Map.entry("LIST_OF_INTEGER", "[1,3,23]"), Map.entry("LIST_OF_BOOLEAN", "[true,false]"),
            Map.entry("EVENT_CAT", "100"), Map.entry("LABELS", "[\"key:value\",\"b\"]"),
            Map.entry("SERIALIZATIONS", "[\"application/xml\",\"application/json\"]"),
            Map.entry("CONTENT_INFO", "\"application/json:0\""),
            Map.entry("OBJECT", "{\"zzz\":\"v\",\"zzy\":{\"zzx\":\"w\"}}"),
            Map.entry("LIST_OF_OBJECT", "[{\"zzz\":\"v\"},{\"zzz\":\"w\"}]"),
            Map.entry("GEO_COORDINATES", "{\"typ\":1,\"crd\":[2.35,48.86]}"), Map.entry("ANY", "\"21.5\""),
            Map.entry("ACTION_STATUS", "{\"acn\":\"reboot\",\"sus\":1}"),
            Map.entry("E2E_SEC_INFO", "{\"esf\":[13,14],\"escert\":[\"MIIB\"],\"esro\":{\"esri\":\"r1\","
                    + "\"esrv\":\"a1b2\",\"esrx\":\"20261206T120000\",\"esks\":[1],\"espa\":[1,2]}}"),
            Map.entry("SYMMETRIC_KEY", "\"AAECAwQFBgcICQoLDA0ODw==\""),
            Map.entry("CERTIFICATES", "\"MIIB\""), Map.entry("FINGERPRINT", "\"ab:cd\""));

    /** Complex values whose members the table types (TS-0004 6.3.5), by attribute. */
    private static final Map<String, String> OBJECTS = Map.of(
            "pv", "{\"acr\":[{\"acor\":[\"all\"],\"acop\":63,\"acco\":[{\"actw\":[\"* 0-5 2,6 * * * *\"],"
                    + "\"acip\":{\"ipv4\":[\"10.0.0.0/8\"]},\"aclr\":{\"accr\":[48.1,2.5,100.0]}}],\"acaf\":true,"
                    + "\"acod\":[{\"ty\":3,\"chty\":[4,23]}]}]}",
            "enc", "{\"net\":[1,3],\"atr\":[\"lbl\"],\"om\":[{\"ops\":1,\"org\":\"Cx\"}],\"chty\":[4],"
                    + "\"md\":{\"num\":2,\"dur\":\"PT1M\"},\"sza\":10}",
            "bn", "{\"num\":5,\"dur\":\"PT10S\"}",
            "rl", "{\"mnn\":3,\"tww\":\"PT1M\"}",
            "se", "{\"sce\":[\"* * * * * * *\",\"0 0 1 * * * *\"]}",
            "dr", "{\"tod\":[\"* * 8-17 * * * *\"]}",
            "encs", "{\"encn\":[{\"net\":[1],\"om\":[{\"ops\":2}]}]}",
            "tkps", "{\"pm\":[{\"ris\":[\"/in/x\"],\"pv\":{\"acr\":[{\"acor\":[\"all\"],\"acop\":2}]}}]}");

    static Stream<Arguments> descriptors() {
        return ResourceTypes.registry().all().stream().map(t -> Arguments.of(t.rootName(), t));
    }

    /** Every attribute of every resource type, with a value of its type, reads back from XML as it was in JSON. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("descriptors")
    void everyResourceTypeRoundTripsBetweenJsonAndXml(String root, ResourceType type) {
        StringBuilder sb = new StringBuilder("{\"").append(root).append("\":{");
        boolean first = true;
        for (AttributePolicy p : type.attributes().values()) {
            String v = OBJECTS.containsKey(p.sn()) ? OBJECTS.get(p.sn()) : SAMPLES.get(p.type().name());
            assertThat(v).as("a sample of " + p.type()).isNotNull();
            sb.append(first ? "" : ",").append('"').append(p.sn()).append("\":").append(v);
            first = false;
        }
        JsonNode resource = json(sb.append("}}").toString());
        String xml = xml(resource);
        assertThat(XML.decode(b(xml))).as(xml).isEqualTo(resource);
        assertThat(xml).contains("<" + root + " xmlns:m2m=\"http://www.onem2m.org/xml/protocols\"");
    }

    @Test
    void resourceNameIsAnXmlAttributeAndListsAreSpaceSeparated() {
        String xml = xml(json("{\"m2m:cnt\":{\"rn\":\"temp\",\"ty\":3,\"lbl\":[\"a\",\"b\"],\"mni\":5,"
                + "\"acpi\":[\"/in/acp1\"],\"m2m:cin\":[{\"con\":\"1\"},{\"con\":\"2\"}]}}"));
        assertThat(xml).contains("<m2m:cnt xmlns:m2m=\"http://www.onem2m.org/xml/protocols\" rn=\"temp\">")
                .contains("<lbl>a b</lbl>").contains("<mni>5</mni>").contains("<m2m:cin><con>1</con></m2m:cin>"
                        + "<m2m:cin><con>2</con></m2m:cin>");
        // one child resource is still an array (TS-0004 8.4.2 rule 11)
        assertThat(XML.decode(b("<m2m:cnt xmlns:m2m=\"http://www.onem2m.org/xml/protocols\"><m2m:cin><con>1</con>"
                + "</m2m:cin></m2m:cnt>"))).isEqualTo(json("{\"m2m:cnt\":{\"m2m:cin\":[{\"con\":\"1\"}]}}"));
    }

    /** The request primitive of TS-0004 8.3.2, and its answer, as the JSON primitives without a root. */
    @Test
    void primitivesOfTs0004ReadAsJsonPrimitives() {
        String rqp = """
                <?xml version="1.0" encoding="UTF-8"?>
                <m2m:rqp xmlns:m2m="http://www.onem2m.org/xml/protocols">
                    <op>1</op>
                    <to>//example.net/myCSE/-/Cont1</to>
                    <fr>/myCSE/C2345</fr>
                    <rqi>0002bf63</rqi>
                    <ty>4</ty>
                    <pc>
                        <m2m:cin>
                            <cnf>application/xml:1</cnf>
                            <con>PHRpbWU+MTc4ODkzMDk8L3RpbWU+PHRlbXA+MjA8L3RlbXA+DQo=</con>
                        </m2m:cin>
                    </pc>
                </m2m:rqp>""";
        JsonNode expected = json("{\"op\":1,\"to\":\"//example.net/myCSE/-/Cont1\",\"fr\":\"/myCSE/C2345\","
                + "\"rqi\":\"0002bf63\",\"ty\":4,\"pc\":{\"m2m:cin\":{\"cnf\":\"application/xml:1\","
                + "\"con\":\"PHRpbWU+MTc4ODkzMDk8L3RpbWU+PHRlbXA+MjA8L3RlbXA+DQo=\"}}}");
        assertThat(XML.decode(b(rqp))).isEqualTo(expected);
        assertThat(xml(expected)).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?><m2m:rqp ");
        assertThat(XML.decode(XML.encode(expected))).isEqualTo(expected);
        JsonNode rsp = json("{\"rsc\":2001,\"rqi\":\"0002bf63\",\"rvi\":\"3\",\"pc\":{\"m2m:cin\":{\"rn\":\"c\","
                + "\"ty\":4,\"st\":0}},\"ot\":\"20261206T120000\"}");
        assertThat(xml(rsp)).contains("<m2m:rsp ").contains("<m2m:cin rn=\"c\">");
        assertThat(XML.decode(XML.encode(rsp))).isEqualTo(rsp);
    }

    @Test
    void notificationsAndAnswersRoundTrip() {
        for (String s : new String[] {
                "{\"m2m:sgn\":{\"nev\":{\"rep\":{\"m2m:cin\":{\"rn\":\"x\",\"ty\":4,\"con\":\"21\"}},\"net\":3},"
                        + "\"sur\":\"/in/sub\",\"vrq\":true}}",
                "{\"m2m:agn\":{\"m2m:sgn\":[{\"sur\":\"/in/a\",\"sud\":true}]}}",
                "{\"m2m:uril\":[\"/in/a\",\"/in/b\"]}",
                "{\"m2m:rrl\":{\"rrf\":[{\"nm\":\"c\",\"typ\":3,\"val\":\"/in/c\"}]}}",
                "{\"m2m:cnt\":{\"rn\":\"c\",\"ch\":[{\"nm\":\"i\",\"typ\":4,\"val\":\"/in/c/i\"}]}}",
                "{\"m2m:rce\":{\"m2m:cnt\":{\"rn\":\"c\"},\"uri\":\"/in/c\"}}",
                "{\"m2m:agr\":{\"m2m:rsp\":[{\"rsc\":2000,\"rqi\":\"r\",\"pc\":{\"m2m:cnt\":{\"rn\":\"c\"}}}]}}",
                "{\"m2m:dbg\":\"not found\"}",
                "{\"rsc\":2000,\"rqi\":\"d\",\"pc\":{\"m2m:uril\":[\"/in/a\",\"/in/b\"]}}",
                "{\"cod:tempe\":{\"rn\":\"t\",\"cnd\":\"org.onem2m.home.device.thermometer\",\"mni\":5,"
                        + "\"curT0\":\"21.5\"}}",
                "{\"m2m:grp\":{\"mnm\":null}}"}) {
            JsonNode n = json(s);
            assertThat(XML.decode(XML.encode(n))).as(xml(n)).isEqualTo(n);
        }
        assertThat(xml(json("{\"m2m:cnt\":{\"ch\":[{\"nm\":\"i\",\"typ\":4,\"val\":\"/in/c/i\"}]}}")))
                .contains("<ch nm=\"i\" typ=\"4\">/in/c/i</ch>");
    }

    /** TS-0004 8.3.2: a NULL value (deleting maxNrOfMembers) is an empty element. */
    @Test
    void emptyElementIsNull() {
        assertThat(XML.decode(b("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n    <m2m:grp "
                + "xmlns:m2m=\"http://www.onem2m.org/xml/protocols\">\n        <mnm></mnm>\n    </m2m:grp>")))
                .isEqualTo(json("{\"m2m:grp\":{\"mnm\":null}}"));
    }

    @Test
    void anotherPrefixForTheOneM2MNamespaceAndSchemaLocationAreAccepted() {
        assertThat(XML.decode(b("<x:cnt xmlns:x=\"http://www.onem2m.org/xml/protocols\" xmlns:xsi="
                + "\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"a b\" rn=\"c\"><mni>2</mni>"
                + "</x:cnt>"))).isEqualTo(json("{\"m2m:cnt\":{\"rn\":\"c\",\"mni\":2}}"));
    }

    @Test
    void contentWithNamesXmlCannotCarryIsWrittenAsJsonText() {
        JsonNode n = json("{\"m2m:cin\":{\"con\":{\"a b\":1}}}");
        assertThat(xml(n)).contains("<con>{\"a b\":1}</con>");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "<m2m:cnt xmlns:m2m='http://www.onem2m.org/xml/protocols'><mni>five</mni></m2m:cnt>|mni",
            "<m2m:ae xmlns:m2m='http://www.onem2m.org/xml/protocols'><rr>yes</rr></m2m:ae>|rr",
            "<m2m:cnt xmlns:m2m='http://www.onem2m.org/xml/protocols'>text</m2m:cnt>|text",
            "<m2m:cnt xmlns:m2m='http://www.onem2m.org/xml/protocols'><lbl>a<x/></lbl></m2m:cnt>|mixes",
            "<m2m:cnt xmlns:m2m='http://example.com/'/>|m2m: must name",
            "<m2m:cnt xmlns:m2m='http://www.onem2m.org/xml/protocols'><mni>1</mni>|malformed",
            "<m2m:cnt xmlns:m2m='http://www.onem2m.org/xml/protocols'/><m2m:cnt/>|malformed",
            "<m2m:cnt>|malformed",
            "<?xml version='1.0' encoding='ISO-8859-1'?><m2m:cnt xmlns:m2m='http://www.onem2m.org/xml/'/>|UTF-8",
            "not xml|malformed"})
    void malformedXmlIsBadRequestNamingWhatIsWrong(String body, String says) {
        assertThatThrownBy(() -> XML.decode(b(body))).isInstanceOfSatisfying(OneM2MException.class, e -> {
            assertThat(e.status()).isEqualTo(ResponseStatusCode.BAD_REQUEST);
            assertThat(e.getMessage()).contains(says).doesNotContain("wstx").doesNotContain("ctc.")
                    .doesNotContain("unknown-source").doesNotContain("Exception");
        });
    }

    @Test
    void billionLaughsIsRefusedWithoutExpansion() {
        StringBuilder dtd = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i == 1 ? "" : i - 1) + ";")
                    .repeat(10)).append("\">");
        }
        dtd.append("]><m2m:cin xmlns:m2m=\"http://www.onem2m.org/xml/protocols\"><con>&lol9;</con></m2m:cin>");
        long t0 = System.nanoTime();
        assertRefused(dtd.toString());
        assertThat(System.nanoTime() - t0).isLessThan(2_000_000_000L);
    }

    @Test
    void externalEntityIsNeverRead(@TempDir Path dir) throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET-VALUE");
        String body = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>"
                + "<m2m:cin xmlns:m2m=\"http://www.onem2m.org/xml/protocols\"><con>&xxe;</con></m2m:cin>";
        assertThatThrownBy(() -> XML.decode(b(body))).isInstanceOfSatisfying(OneM2MException.class,
                e -> assertThat(e.getMessage()).doesNotContain("TOP-SECRET"));
        assertRefused(body);
        // an undeclared entity reference without a DTD is refused too
        assertRefused("<m2m:cin xmlns:m2m=\"http://www.onem2m.org/xml/protocols\"><con>&xxe;</con></m2m:cin>");
    }

    @Test
    void externalDtdAndParameterEntitiesAreNeverFetched() throws IOException {
        try (ServerSocket listener = new ServerSocket(0)) {
            listener.setSoTimeout(300);
            String url = "http://127.0.0.1:" + listener.getLocalPort() + "/evil.dtd";
            assertRefused("<?xml version=\"1.0\"?><!DOCTYPE m2m:cin SYSTEM \"" + url + "\">"
                    + "<m2m:cin xmlns:m2m=\"http://www.onem2m.org/xml/protocols\"><con>x</con></m2m:cin>");
            assertRefused("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY % p SYSTEM \"" + url + "\"> %p;]>"
                    + "<m2m:cin xmlns:m2m=\"http://www.onem2m.org/xml/protocols\"><con>x</con></m2m:cin>");
            assertThatThrownBy(listener::accept).as("nobody connected").isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void deepNestingAndTooManyElementsAreRefused() {
        assertRefused("<m2m:cin xmlns:m2m=\"http://www.onem2m.org/xml/protocols\">" + "<a>".repeat(100)
                + "</a>".repeat(100) + "</m2m:cin>");
        assertRefused("<m2m:cin xmlns:m2m=\"http://www.onem2m.org/xml/protocols\"><con>" + "<a/>".repeat(250_000)
                + "</con></m2m:cin>");
    }

    @Test
    void markupInValuesIsEscapedAndReadsBackUnchanged() {
        JsonNode n = json("{\"m2m:cnt\":{\"rn\":\"a\\\"<b>&'c\",\"lbl\":[\"x<&>\"],\"m2m:cin\":[{\"con\":"
                + "\"line1\\r\\nline2\\t</con>]]>&amp; \\uD83D\\uDE00\"}]}}");
        String xml = xml(n);
        assertThat(xml).contains("rn=\"a&quot;&lt;b&gt;&amp;'c\"").contains("&#13;").contains("&lt;/con&gt;]]&gt;");
        assertThat(XML.decode(b(xml))).isEqualTo(n);
    }

    @Test
    void controlCharactersXmlCannotCarryAreReplaced() {
        ObjectNode n = (ObjectNode) json("{\"m2m:cin\":{\"con\":\"a\\u0001b\"}}");
        assertThat(XML.decode(XML.encode(n))).isEqualTo(json("{\"m2m:cin\":{\"con\":\"a\\uFFFDb\"}}"));
    }

    private static void assertRefused(String body) {
        assertThatThrownBy(() -> XML.decode(b(body))).isInstanceOfSatisfying(OneM2MException.class,
                e -> assertThat(e.status()).isEqualTo(ResponseStatusCode.BAD_REQUEST));
    }
}
