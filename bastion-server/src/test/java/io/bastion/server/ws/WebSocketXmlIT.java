package io.bastion.server.ws;

import static io.bastion.server.it.XmlTree.at;
import static io.bastion.server.it.XmlTree.rqp;
import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.server.it.M2m;
import io.bastion.server.it.TestServer;
import io.bastion.server.it.XmlTree;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The WebSocket binding (TS-0020) with the {@code oneM2M.xml} subprotocol (TS-0020 table 6.2.2.9-1: XML in text
 * frames): primitives written by hand as {@code m2m:rqp}, answers and the CSE's NOTIFY read with the JDK's DOM and
 * XPath (not the CSE's codec). Registration, create, retrieve, a subscription whose notification comes on the AE's
 * connection in XML, an unregistered originator's 4106 and another AE's 4103 as XML responses, unreadable and
 * hostile XML as 4000 while the connection serves on, and {@code oneM2M.xml} chosen by the client's order.
 */
class WebSocketXmlIT {
    private static final String NS = "xmlns:m2m=\"" + XmlTree.NAMESPACE + "\"";
    private static final AtomicInteger SEQ = new AtomicInteger();

    @RegisterExtension
    static final TestServer cse = new TestServer();
    static final M2m http = cse.client();

    static URI uri() {
        return URI.create("ws://127.0.0.1:" + cse.server().httpPort() + "/");
    }


    private static byte[] call(WsClient c, int op, String to, String fr, Integer ty, String pc) {
        String rqi = "wsx-" + SEQ.incrementAndGet();
        byte[] r = c.callXml(rqi, rqp(op, to, fr, rqi, ty, pc));
        assertThat(XmlTree.dom(r).getDocumentElement().getNamespaceURI()).isEqualTo(XmlTree.NAMESPACE);
        assertThat(at(r, "/m2m:rsp/rqi")).isEqualTo(rqi);
        return r;
    }

    private static WsClient open() {
        WsClient c = WsClient.open(uri(), null, "oneM2M.xml");
        assertThat(c.subprotocol()).isEqualTo("oneM2M.xml");
        return c;
    }

    private static String register(WsClient c, String ae, String rn) {
        byte[] reg = call(c, 1, M2m.CSE_BASE, ae, 2, "<m2m:ae rn=\"" + rn + "\"><api>Nxml</api><rr>true</rr>"
                + "<srv>3</srv><poa>ws://127.0.0.1</poa></m2m:ae>");
        assertThat(at(reg, "/m2m:rsp/rsc")).as(new String(reg)).isEqualTo("2001");
        assertThat(at(reg, "/m2m:rsp/pc/m2m:ae/aei")).isEqualTo(ae);
        return M2m.CSE_BASE + "/" + rn;
    }

    @Test
    void anAeRegistersCreatesAndRetrievesInXml() {
        String ae = "Cwsx" + SEQ.incrementAndGet();
        try (WsClient c = open()) {
            String home = register(c, ae, "wsx" + SEQ.get());
            assertThat(at(call(c, 1, home, ae, 3, "<m2m:cnt rn=\"data\"><mni>4</mni></m2m:cnt>"), "/m2m:rsp/rsc"))
                    .isEqualTo("2001");
            byte[] cin = call(c, 1, home + "/data", ae, 4, "<m2m:cin><cnf>text/plain:0</cnf><con>21.5</con></m2m:cin>");
            assertThat(at(cin, "/m2m:rsp/rsc")).isEqualTo("2001");
            assertThat(at(cin, "/m2m:rsp/pc/m2m:cin/con")).isEqualTo("21.5");
            byte[] la = call(c, 2, home + "/data/la", ae, null, null);
            assertThat(at(la, "/m2m:rsp/rsc")).isEqualTo("2000");
            assertThat(at(la, "/m2m:rsp/pc/m2m:cin/con")).isEqualTo("21.5");
            assertThat(at(la, "/m2m:rsp/pc/m2m:cin/cs")).isEqualTo("4");
            assertThat(at(la, "/m2m:rsp/rvi")).isEqualTo("3");
            // the number written in XML is a number to the JSON reader of the HTTP door
            assertThat(http.retrieve(ae, "/" + home + "/data").expect(2000).inner().path("mni").isInt()).isTrue();
        }
    }

    @Test
    void aNotificationIsPushedToTheAesConnectionInXml() {
        String ae = "Cwsxn" + SEQ.incrementAndGet();
        try (WsClient c = open()) {
            String home = register(c, ae, "wsxn" + SEQ.get());
            assertThat(at(call(c, 1, home, ae, 3, "<m2m:cnt rn=\"data\"/>"), "/m2m:rsp/rsc")).isEqualTo("2001");
            byte[] sub = call(c, 1, home + "/data", ae, 23, "<m2m:sub rn=\"s\"><nu>" + ae + "</nu><enc><net>3</net>"
                    + "</enc></m2m:sub>");
            assertThat(at(sub, "/m2m:rsp/rsc")).as(new String(sub)).isEqualTo("2001");
            // a write by another way in (HTTP, JSON) is notified on the WebSocket connection, in its XML
            http.createCin(ae, "/" + home + "/data", "on").expect(2001);
            byte[] n = c.nextXmlRequest();
            while ("true".equals(at(n, "/m2m:rqp/pc/m2m:sgn/vrq"))) {
                n = c.nextXmlRequest(); // a verification request, if the CSE sent one
            }
            assertThat(XmlTree.dom(n).getDocumentElement().getNamespaceURI()).isEqualTo(XmlTree.NAMESPACE);
            assertThat(at(n, "/m2m:rqp/op")).isEqualTo("5");
            assertThat(at(n, "/m2m:rqp/to")).isEqualTo(ae);
            assertThat(at(n, "/m2m:rqp/fr")).isEqualTo(M2m.CSE_ID);
            assertThat(at(n, "/m2m:rqp/pc/m2m:sgn/nev/net")).isEqualTo("3");
            assertThat(at(n, "/m2m:rqp/pc/m2m:sgn/nev/rep/m2m:cin/con")).isEqualTo("on");
        }
    }

    @Test
    void refusalsComeAsXmlResponses() {
        String ae = "Cwsxr" + SEQ.incrementAndGet();
        String other = "Cwsxo" + SEQ.incrementAndGet();
        http.registerAe(other, "wsxo" + SEQ.get());
        try (WsClient c = open()) {
            String home = register(c, ae, "wsxr" + SEQ.get());
            assertThat(at(call(c, 1, home, ae, 3, "<m2m:cnt rn=\"data\"/>"), "/m2m:rsp/rsc")).isEqualTo("2001");
            // an originator that is no registered AE: 4106; another AE without the privilege: 4103
            byte[] unknown = call(c, 2, home + "/data", "Cnobody", null, null);
            assertThat(at(unknown, "/m2m:rsp/rsc")).isEqualTo("4106");
            assertThat(at(unknown, "/m2m:rsp/pc/m2m:dbg")).isNotEmpty();
            assertThat(at(call(c, 2, home + "/data", other, null, null), "/m2m:rsp/rsc")).isEqualTo("4103");
            assertThat(at(call(c, 2, home + "/nothing", ae, null, null), "/m2m:rsp/rsc")).isEqualTo("4004");
            // unreadable and hostile XML: 4000 naming the fault, and the connection serves on
            String[] bad = {
                "<m2m:rqp " + NS + "><op>2</op><to>cse-in",
                "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">]><m2m:rqp " + NS + "><op>2</op>"
                        + "<to>&lol;</to></m2m:rqp>"};
            for (String payload : bad) {
                byte[] r = c.callXml("", payload);
                assertThat(at(r, "/m2m:rsp/rsc")).as(payload).isEqualTo("4000");
                assertThat(at(r, "/m2m:rsp/pc/m2m:dbg")).isNotEmpty();
            }
            assertThat(at(call(c, 2, home + "/data", ae, null, null), "/m2m:rsp/rsc")).isEqualTo("2000");
        }
    }

    @Test
    void theClientsFirstOfferXmlIsChosen() {
        try (WsClient c = WsClient.open(uri(), null, "oneM2M.xml", "oneM2M.cbor", "oneM2M.json")) {
            assertThat(c.subprotocol()).isEqualTo("oneM2M.xml");
        }
        try (WsClient c = WsClient.open(uri(), null, "chat", "oneM2M.xml", "oneM2M.json")) {
            assertThat(c.subprotocol()).isEqualTo("oneM2M.xml");
        }
    }
}
