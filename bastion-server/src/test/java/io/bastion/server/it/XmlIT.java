package io.bastion.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.bindings.coap.OneM2mOptions;
import io.bastion.server.CoapSettings;
import io.bastion.server.coap.CoapTestClient;
import io.bastion.server.it.NotificationReceiver.Received;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Option;
import org.eclipse.californium.core.coap.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Document;

/**
 * The XML serialization (TS-0004 8.3) over HTTP and CoAP against the real server: requests written by hand as XML,
 * answers read with the JDK's DOM and XPath (not the CSE's codec), typed values landing as JSON reads them, XML
 * notifications to an AE whose contentSerialization asks for XML and to a {@code ?ct=xml} target, content negotiation,
 * and hostile XML (entity expansion, external entities and DTDs) refused with 4000 while the server keeps serving.
 */
class XmlIT {
    static final String NS = "xmlns:m2m=\"http://www.onem2m.org/xml/protocols\"";

    @RegisterExtension
    static final TestServer cse = new TestServer().configured(c -> c.withCoap(new CoapSettings(0, -1)));
    @RegisterExtension
    static final NotificationReceiver rx = new NotificationReceiver();
    static final M2m m2m = cse.client();

    static M2m.Rsp xml(String method, String path, String fr, Integer ty, String body) {
        M2m.Req r = m2m.request(method, path).from(fr).header("Accept", "application/xml");
        if (body != null) {
            r.header("Content-Type", ty == null ? "application/xml" : "application/vnd.onem2m-res+xml;ty=" + ty);
            r.body(body.getBytes(StandardCharsets.UTF_8));
        }
        return r.send();
    }

    /** The string value of an XPath over an answer's XML ({@code m2m:} bound to oneM2M's namespace). */
    static String x(String body, String xpath) {
        return x(XmlTree.dom(body.getBytes(StandardCharsets.UTF_8)), xpath);
    }

    static String x(Document d, String xpath) {
        return XmlTree.at(d, xpath);
    }

    @Test
    void anAeRegistersCreatesRetrievesDiscoversAndDeletesAnAttributeInXml() {
        M2m.Rsp ae = xml("POST", "/cse-in", "Cxml1", 2, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<m2m:ae " + NS
                + " rn=\"xml1\">\n  <api>Nxml</api>\n  <rr>false</rr>\n  <srv>3</srv>\n</m2m:ae>").expect(2001);
        assertThat(ae.header("Content-Type")).startsWith("application/xml");
        assertThat(x(ae.body(), "/m2m:ae/@rn")).isEqualTo("xml1");
        assertThat(x(ae.body(), "/m2m:ae/aei")).isEqualTo("Cxml1");
        assertThat(x(ae.body(), "/m2m:ae/ty")).isEqualTo("2");

        xml("POST", "/cse-in/xml1", "Cxml1", 3, "<m2m:cnt " + NS + " rn=\"box\"><lbl>room:kitchen sensor</lbl>"
                + "<mni>3</mni><disr>false</disr></m2m:cnt>").expect(2001);
        // the values typed as JSON reads them: a number, a list, a boolean
        JsonNode cnt = m2m.retrieve("Cxml1", "/cse-in/xml1/box").expect(2000).inner();
        assertThat(cnt.path("mni").isInt()).isTrue();
        assertThat(cnt.path("mni").asInt()).isEqualTo(3);
        assertThat(cnt.path("lbl")).hasSize(2);
        assertThat(cnt.path("lbl").get(1).asText()).isEqualTo("sensor");
        assertThat(cnt.path("disr").isBoolean()).isTrue();

        xml("POST", "/cse-in/xml1/box", "Cxml1", 4, "<m2m:cin " + NS + "><cnf>text/plain:0</cnf><con>21.5</con>"
                + "</m2m:cin>").expect(2001);
        M2m.Rsp la = xml("GET", "/cse-in/xml1/box/la", "Cxml1", null, null).expect(2000);
        assertThat(x(la.body(), "/m2m:cin/con")).isEqualTo("21.5");
        assertThat(x(la.body(), "/m2m:cin/cs")).isEqualTo("4");

        M2m.Rsp found = xml("GET", "/cse-in/xml1?fu=1&ty=3", "Cxml1", null, null).expect(2000);
        assertThat(x(found.body(), "/m2m:uril").split(" ")).containsExactly("cse-in/xml1/box");

        // TS-0004 8.3.2: an empty element is NULL, which deletes an optional attribute
        xml("PUT", "/cse-in/xml1/box", "Cxml1", null, "<m2m:cnt " + NS + "><mni></mni></m2m:cnt>").expect(2004);
        assertThat(m2m.retrieve("Cxml1", "/cse-in/xml1/box").expect(2000).inner().has("mni")).isFalse();

        // rcn 4: the children come inline under their m2m: roots
        M2m.Rsp all = xml("GET", "/cse-in/xml1/box?rcn=4", "Cxml1", null, null).expect(2000);
        assertThat(x(all.body(), "/m2m:cnt/m2m:cin/con")).isEqualTo("21.5");
    }

    @Test
    void aFlexContainerSpecializationKeepsItsNamespacePrefixAndItsTypedAttributes() {
        m2m.registerAe("Cxmlfcnt", "xmlfcnt");
        M2m.Rsp created = xml("POST", "/cse-in/xmlfcnt", "Cxmlfcnt", 28, "<cod:tempe xmlns:cod=\"http://www.onem2m.org"
                + "/xml/protocols/homedomain\" rn=\"t\"><cnd>org.onem2m.home.moduleclass.temperature</cnd><mni>2</mni>"
                + "<curT0>21.5</curT0></cod:tempe>").expect(2001);
        assertThat(XmlTree.dom(created.body().getBytes(StandardCharsets.UTF_8)).getDocumentElement().getTagName())
                .isEqualTo("cod:tempe");
        JsonNode t = m2m.retrieve("Cxmlfcnt", "/cse-in/xmlfcnt/t").expect(2000).json().path("cod:tempe");
        assertThat(t.path("mni").isInt()).as("the flexContainer's own attribute typed").isTrue();
        assertThat(t.path("curT0").asText()).as("a custom attribute, without a schema, as text").isEqualTo("21.5");
    }

    @Test
    void anAccessControlPolicyInXmlDecidesAsTheSameInJson() {
        m2m.registerAe("Cxmlacp", "xmlacp");
        m2m.registerAe("Creader", "xmlreader");
        xml("POST", "/cse-in/xmlacp", "Cxmlacp", 1, "<m2m:acp " + NS + " rn=\"p\"><pv><acr><acor>Creader other</acor>"
                + "<acop>2</acop></acr></pv><pvs><acr><acor>Cxmlacp</acor><acop>63</acop></acr></pvs></m2m:acp>")
                .expect(2001);
        JsonNode acp = m2m.retrieve("Cxmlacp", "/cse-in/xmlacp/p").expect(2000).inner();
        assertThat(acp.path("pv").path("acr").isArray()).as("one rule is a list of rules").isTrue();
        assertThat(acp.path("pv").path("acr").get(0).path("acop").isInt()).isTrue();
        assertThat(acp.path("pv").path("acr").get(0).path("acor")).hasSize(2);
        m2m.createContainer("Cxmlacp", "/cse-in/xmlacp", "box");
        m2m.update("Cxmlacp", "/cse-in/xmlacp/box", "{\"m2m:cnt\":{\"acpi\":[\"" + acp.path("ri").asText()
                + "\"]}}").expect(2004);
        m2m.retrieve("Creader", "/cse-in/xmlacp/box").expect(2000);
        m2m.delete("Creader", "/cse-in/xmlacp/box").expect(4103);
    }

    @Test
    void anAeWhoseContentSerializationIsXmlIsNotifiedInXml() {
        xml("POST", "/cse-in", "Cxmlrx", 2, "<m2m:ae " + NS + " rn=\"xmlrx\"><api>Nxml</api><rr>true</rr>"
                + "<poa>" + rx.url("/xml-ae") + "</poa><srv>3</srv><csz>application/xml</csz></m2m:ae>")
                .expect(2001);
        m2m.createContainer("Cxmlrx", "/cse-in/xmlrx", "box");
        xml("POST", "/cse-in/xmlrx/box", "Cxmlrx", 23, "<m2m:sub " + NS + " rn=\"s\"><enc><net>3</net></enc>"
                + "<nu>Cxmlrx</nu></m2m:sub>").expect(2001);
        m2m.createCin("Cxmlrx", "/cse-in/xmlrx/box", "hot").expect(2001);
        Received n = rx.await("/xml-ae", r -> r.net() == 3);
        assertThat(n.contentType()).isEqualTo("application/xml");
        Document d = XmlTree.dom(n.raw());
        assertThat(d.getDocumentElement().getNamespaceURI()).isEqualTo(XmlTree.NAMESPACE);
        assertThat(x(d, "/m2m:sgn/nev/rep/m2m:cin/con")).isEqualTo("hot");
        assertThat(x(d, "/m2m:sgn/nev/net")).isEqualTo("3");
        assertThat(x(d, "/m2m:sgn/sur")).isNotEmpty();
    }

    @Test
    void aNotificationTargetAskingForXmlGetsXmlAndTheOthersJson() {
        m2m.registerAe("Cxmlct", "xmlct");
        m2m.createContainer("Cxmlct", "/cse-in/xmlct", "box");
        m2m.create("Cxmlct", "/cse-in/xmlct/box", 23, "{\"m2m:sub\":{\"rn\":\"s\",\"enc\":{\"net\":[3]},\"nu\":[\""
                + rx.url("/ct-xml?ct=xml") + "\",\"" + rx.url("/ct-none") + "\"]}}").expect(2001);
        Received v = rx.await("/ct-xml", Received::isVerification);
        assertThat(v.contentType()).isEqualTo("application/xml");
        assertThat(v.query()).isNull();
        assertThat(rx.await("/ct-none", Received::isVerification).contentType()).isEqualTo("application/json");
        m2m.createCin("Cxmlct", "/cse-in/xmlct/box", "both").expect(2001);
        assertThat(x(XmlTree.dom(rx.await("/ct-xml", r -> r.net() == 3).raw()), "/m2m:sgn/nev/rep/m2m:cin/con"))
                .isEqualTo("both");
        assertThat(rx.await("/ct-none", r -> r.net() == 3).contentType()).isEqualTo("application/json");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "application/xml|application/xml",
            "application/vnd.onem2m-res+xml|application/xml",
            "application/json;q=0.5, application/xml|application/xml",
            "application/xml;q=0.4, application/cbor;q=0.9|application/cbor",
            "application/xml;q=0, application/json|application/json",
            "text/html, application/xml;q=0.1|application/xml",
            "*/*|application/json"})
    void acceptChoosesByQualityValue(String accept, String contentType) {
        M2m.Rsp r = m2m.request("GET", "/cse-in").from("CAdmin").header("Accept", accept).send().expect(2000);
        assertThat(r.header("Content-Type")).startsWith(contentType);
    }

    @Test
    void nothingAcceptableIs5207AndAnUnservedContentType4015() {
        m2m.request("GET", "/cse-in").from("CAdmin").header("Accept", "text/html, application/xml;q=0").send()
                .expect(5207);
        m2m.request("POST", "/cse-in").from("CAdmin").header("Content-Type", "text/xml-ish;ty=3")
                .body("<m2m:cnt/>".getBytes(StandardCharsets.UTF_8)).send().expect(4015);
    }

    @Test
    void hostileXmlIs4000AndTheServerKeepsServing(@TempDir Path dir) throws IOException {
        m2m.registerAe("Cxmlbad", "xmlbad");
        StringBuilder lol = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            lol.append("<!ENTITY lol").append(i).append(" \"")
                    .append(("&lol" + (i == 1 ? "" : String.valueOf(i - 1)) + ";").repeat(10)).append("\">");
        }
        lol.append("]><m2m:cnt ").append(NS).append(" rn=\"lol\"><lbl>&lol9;</lbl></m2m:cnt>");
        M2m.Rsp bomb = xml("POST", "/cse-in/xmlbad", "Cxmlbad", 3, lol.toString()).expect(4000);
        assertThat(bomb.status()).isEqualTo(400);
        assertThat(x(bomb.body(), "/m2m:dbg")).contains("document type declaration");

        Path secret = Files.writeString(dir.resolve("secret"), "XXE-SECRET-42");
        M2m.Rsp xxe = xml("POST", "/cse-in/xmlbad", "Cxmlbad", 3, "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e "
                + "SYSTEM \"" + secret.toUri() + "\">]><m2m:cnt " + NS + " rn=\"xxe\"><lbl>&e;</lbl></m2m:cnt>")
                .expect(4000);
        assertThat(xxe.body()).doesNotContain("XXE-SECRET");
        xml("POST", "/cse-in/xmlbad", "Cxmlbad", 3, "<m2m:cnt " + NS + " rn=\"t\"><mni>many</mni></m2m:cnt>")
                .expect(4000);
        M2m.Rsp mixed = xml("POST", "/cse-in/xmlbad", "Cxmlbad", 3, "<m2m:cnt " + NS + "><lbl>a<b/></lbl>")
                .expect(4000);
        assertThat(x(mixed.body(), "/m2m:dbg")).isNotEmpty();
        m2m.retrieve("Cxmlbad", "/cse-in/xmlbad").expect(2000);
        m2m.retrieve("Cxmlbad", "/cse-in/xmlbad/lol").expect(4004);
        m2m.retrieve("Cxmlbad", "/cse-in/xmlbad/xxe").expect(4004);
    }

    /** Well-formed seeds for {@link #mutatedXmlIsNeverAServerError}: a resource of each common kind. */
    static final List<String> SEEDS = List.of(
            "<m2m:cnt " + NS + " rn=\"c\"><lbl>a b</lbl><mni>3</mni><disr>false</disr></m2m:cnt>",
            "<m2m:cin " + NS + "><cnf>text/plain:0</cnf><con>21.5</con></m2m:cin>",
            "<m2m:sub " + NS + " rn=\"s\"><enc><net>3</net><net>4</net></enc><nu>Cxmlfuzz</nu></m2m:sub>",
            "<m2m:acp " + NS + " rn=\"p\"><pv><acr><acor>all</acor><acop>2</acop><acco><actw>* * * * * * *</actw>"
                    + "</acco></acr></pv><pvs><acr><acor>Cxmlfuzz</acor><acop>63</acop></acr></pvs></m2m:acp>",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><m2m:grp " + NS + " rn=\"g\"><mnm>2</mnm><mid></mid></m2m:grp>");
    /** What XML parsers have tripped on. */
    static final List<String> SNIPPETS = List.of("<!DOCTYPE x [<!ENTITY e \"e\">]>", "&e;", "&#0;", "&#x110000;",
            "<![CDATA[", "]]>", "<?pi x?>", "</", "<a", "<m2m:x>", "xmlns:m2m=\"urn:x\"", "\u0000", "\u00ff\u00fe",
            "&amp", "<!--", "-->", "\"", "=", "<" + "b>".repeat(100), "99999999999999999999999", "\uD800");

    @Test
    void mutatedXmlIsNeverAServerError() {
        m2m.registerAe("Cxmlfuzz", "xmlfuzz");
        Random rnd = new Random(0x17_0004L);
        int[] types = {3, 4, 23, 1, 9};
        List<String> violations = new ArrayList<>();
        java.util.Map<Integer, Integer> codes = new java.util.TreeMap<>();
        for (int i = 0; i < 400; i++) {
            int seed = rnd.nextInt(SEEDS.size());
            byte[] b = SEEDS.get(seed).getBytes(StandardCharsets.UTF_8);
            for (int m = 1 + rnd.nextInt(3); m > 0 && b.length > 0; m--) {
                int at = rnd.nextInt(b.length);
                b = switch (rnd.nextInt(3)) {
                    case 0 -> Arrays.copyOf(b, at);
                    case 1 -> {
                        byte[] c = b.clone();
                        c[at] ^= (byte) (1 << rnd.nextInt(8));
                        yield c;
                    }
                    default -> {
                        byte[] in = SNIPPETS.get(rnd.nextInt(SNIPPETS.size())).getBytes(StandardCharsets.UTF_8);
                        byte[] c = new byte[b.length + in.length];
                        System.arraycopy(b, 0, c, 0, at);
                        System.arraycopy(in, 0, c, at, in.length);
                        System.arraycopy(b, at, c, at + in.length, b.length - at);
                        yield c;
                    }
                };
            }
            M2m.Rsp r = m2m.raw("POST", "/cse-in/xmlfuzz", "Cxmlfuzz", "application/xml;ty=" + types[seed], b);
            codes.merge(r.rsc(), 1, Integer::sum);
            if (r.rsc() >= 5000 || r.rsc() < 0 || r.body().contains("Exception") || r.body().contains("at com.")
                    || r.body().contains("wstx") || r.body().contains("ctc.")) {
                violations.add(r.rsc() + " for " + new String(b, StandardCharsets.UTF_8) + ": " + r.body());
            }
        }
        assertThat(violations).isEmpty();
        assertThat(codes).as("malformed ones refused, some still created").containsKey(4000).containsKey(2001);
        m2m.retrieve("Cxmlfuzz", "/cse-in/xmlfuzz").expect(2000);
    }

    @Test
    void coapSpeaksXmlAndAnswersAnXmlResponsePrimitive() {
        try (CoapTestClient coap = CoapTestClient.plain(cse.server().coapPort())) {
            Request ae = coap.request(CoAP.Code.POST, "/cse-in", "Cxmlcoap");
            ae.getOptions().addOption(new Option(OneM2mOptions.TY, 2));
            ae.getOptions().setContentFormat(41);
            ae.getOptions().setAccept(41);
            ae.setPayload("<m2m:ae " + NS + " rn=\"xmlcoap\"><api>Nxml</api><rr>false</rr><srv>3</srv></m2m:ae>");
            CoapTestClient.Rsp created = coap.send(ae);
            assertThat(created.rsc()).as("%s", created).isEqualTo(2001);
            assertThat(created.raw().getOptions().getContentFormat()).isEqualTo(41);
            assertThat(x(created.raw().getResponseText(), "/m2m:ae/aei")).isEqualTo("Cxmlcoap");

            Request cnt = coap.request(CoAP.Code.POST, "/cse-in/xmlcoap", "Cxmlcoap");
            cnt.getOptions().addOption(new Option(OneM2mOptions.TY, 3));
            cnt.getOptions().setContentFormat(10014);
            cnt.setPayload("<m2m:cnt " + NS + " rn=\"box\"><mbs>1000</mbs></m2m:cnt>");
            assertThat(coap.send(cnt).rsc()).isEqualTo(2001);

            // Accept vnd.onem2m-prsp+xml (10008): the whole response primitive under m2m:rsp
            Request get = coap.request(CoAP.Code.GET, "/cse-in/xmlcoap/box", "Cxmlcoap");
            get.getOptions().setAccept(10008);
            CoapTestClient.Rsp rsp = coap.send(get);
            assertThat(rsp.raw().getOptions().getContentFormat()).isEqualTo(10008);
            String body = rsp.raw().getResponseText();
            assertThat(x(body, "/m2m:rsp/rsc")).isEqualTo("2000");
            assertThat(x(body, "/m2m:rsp/pc/m2m:cnt/@rn")).isEqualTo("box");
            assertThat(x(body, "/m2m:rsp/pc/m2m:cnt/mbs")).isEqualTo("1000");

            Request bomb = coap.request(CoAP.Code.POST, "/cse-in/xmlcoap", "Cxmlcoap");
            bomb.getOptions().addOption(new Option(OneM2mOptions.TY, 3));
            bomb.getOptions().setContentFormat(41);
            bomb.setPayload("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><m2m:cnt " + NS
                    + "><lbl>&e;</lbl></m2m:cnt>");
            CoapTestClient.Rsp refused = coap.send(bomb);
            assertThat(refused.rsc()).isEqualTo(4000);
            assertThat(refused.raw().getResponseText()).doesNotContain("root:");
        }
    }
}
