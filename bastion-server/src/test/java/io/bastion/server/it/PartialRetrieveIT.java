package io.bastion.server.it;

import static io.bastion.server.it.M2m.rule;
import static io.bastion.server.it.M2m.rules;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.server.CoapSettings;
import io.bastion.server.coap.CoapTestClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The partial RETRIEVE (TS-0004 7.3.3.6 case 1, TS-0009 6.2.2.2): {@code atrl=ri+lbl} returns only the listed
 * attributes under the resource's root, over HTTP and CoAP; an attribute the type does not have is 4000 naming it,
 * an attribute the resource lacks is left out, secrets never come back, and atrl goes with rcn 1 only, never with a
 * discovery or another operation; access control is the RETRIEVE's.
 */
class PartialRetrieveIT {
    static final String OWNER = "Cpartowner";
    static final String OTHER = "Cpartother";
    static final String HOME = "/cse-in/partowner";

    @RegisterExtension
    static final TestServer cse = new TestServer().configured(c -> c.withCoap(new CoapSettings(0, -1)))
            .registering(OWNER, "partowner").registering(OTHER, "partother");
    static final M2m m2m = cse.client();
    static CoapTestClient coap;

    @BeforeAll
    static void setUp() {
        m2m.create(OWNER, HOME, 3, "{\"m2m:cnt\":{\"rn\":\"box\",\"lbl\":[\"a\",\"b\"],\"mni\":5}}").expect(2001);
        m2m.createCin(OWNER, HOME + "/box", "v1").expect(2001);
        coap = CoapTestClient.plain(cse.server().coapPort());
    }

    @AfterAll
    static void tearDown() {
        if (coap != null) {
            coap.close();
        }
    }

    static List<String> names(JsonNode attrs) {
        List<String> out = new ArrayList<>();
        attrs.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void onlyTheListedAttributesComeBackUnderTheRoot() {
        M2m.Rsp r = m2m.retrieve(OWNER, HOME + "/box?atrl=ri+lbl+mni").expect(2000);
        assertThat(r.json().has("m2m:cnt")).isTrue();
        assertThat(names(r.inner())).containsExactly("ri", "lbl", "mni");
        assertThat(r.inner().path("lbl").get(1).asText()).isEqualTo("b");
        // one attribute, and the same with rcn=1 said
        assertThat(names(m2m.retrieve(OWNER, HOME + "/box?atrl=cni&rcn=1").expect(2000).inner()))
                .containsExactly("cni");
    }

    @Test
    void anAttributeTheResourceLacksIsLeftOutAndAnUnknownOneIsRefusedByName() {
        // mbs is a container's attribute, not set here
        assertThat(names(m2m.retrieve(OWNER, HOME + "/box?atrl=rn+mbs").expect(2000).inner())).containsExactly("rn");
        M2m.Rsp bad = m2m.retrieve(OWNER, HOME + "/box?atrl=rn+poa").expect(4000);
        assertThat(bad.dbg()).contains("poa", "container");
        assertThat(m2m.retrieve(OWNER, HOME + "/box?atrl=rn+x%20y").expect(4000).dbg()).contains("atrl");
    }

    @Test
    void theLatestInstanceIsRetrievedPartiallyToo() {
        M2m.Rsp r = m2m.retrieve(OWNER, HOME + "/box/la?atrl=con").expect(2000);
        assertThat(r.json().has("m2m:cin")).isTrue();
        assertThat(names(r.inner())).containsExactly("con");
        assertThat(r.attr("con")).isEqualTo("v1");
    }

    @Test
    void atrlGoesWithAttributesOnlyAndOnlyInARetrieve() {
        assertThat(m2m.retrieve(OWNER, HOME + "/box?atrl=ri&rcn=4").expect(4000).dbg()).contains("atrl", "rcn");
        assertThat(m2m.retrieve(OWNER, HOME + "?fu=1&atrl=ri").expect(4000).dbg()).contains("atrl", "discovery");
        assertThat(m2m.delete(OWNER, HOME + "/box?atrl=ri").expect(4000).dbg()).contains("atrl");
        assertThat(m2m.update(OWNER, HOME + "/box?atrl=ri", "{\"m2m:cnt\":{\"lbl\":[\"c\"]}}").expect(4000).dbg())
                .contains("atrl");
        assertThat(m2m.retrieve(OWNER, HOME + "/box?atrl=ri&atrl=rn").expect(4000).dbg()).contains("atrl");
        assertThat(m2m.retrieve(OWNER, HOME + "/box?atrl=").expect(4000).dbg()).contains("atrl");
    }

    @Test
    void aPartialRetrieveNeedsTheRetrievePrivilege() {
        m2m.retrieve(OTHER, HOME + "/box?atrl=ri").expect(4103);
        String acp = m2m.createAcp(OWNER, HOME, "readers", rules(rule(63, OWNER), rule(2, OTHER)),
                rules(rule(63, OWNER)));
        m2m.create(OWNER, HOME, 3, "{\"m2m:cnt\":{\"rn\":\"shared\",\"acpi\":[\"" + acp + "\"]}}").expect(2001);
        assertThat(names(m2m.retrieve(OTHER, HOME + "/shared?atrl=rn").expect(2000).inner())).containsExactly("rn");
    }

    @Test
    void aSecretAttributeNeverComesBack() {
        m2m.create("CAdmin", "/cse-in", 14, "{\"m2m:nod\":{\"rn\":\"partnode\",\"ni\":\"n1\"}}").expect(2001);
        m2m.create("CAdmin", "/cse-in/partnode", 13, "{\"dcfg:autp\":{\"rn\":\"prof\",\"mgd\":1022,\"suid\":10,"
                + "\"skv\":\"MDEyMzQ1Njc4OWFiY2RlZg==\"}}").expect(2001);
        M2m.Rsp r = m2m.retrieve("CAdmin", "/cse-in/partnode/prof?atrl=skv+suid").expect(2000);
        assertThat(names(r.inner())).containsExactly("suid");
        assertThat(r.body()).doesNotContain("MDEyMzQ1");
    }

    @Test
    void overCoapTheSameQueryParameterWorks() {
        CoapTestClient.Rsp r = coap.retrieve(OWNER, "/cse-in/partowner/box?atrl=ri+lbl");
        assertThat(r.rsc()).as("%s", r).isEqualTo(2000);
        assertThat(names(r.body().path("m2m:cnt"))).containsExactly("ri", "lbl");
        CoapTestClient.Rsp bad = coap.retrieve(OWNER, "/cse-in/partowner/box?atrl=ri+rr");
        assertThat(bad.rsc()).isEqualTo(4000);
        assertThat(bad.body().path("m2m:dbg").asText()).contains("rr");
    }
}
