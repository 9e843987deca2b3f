package io.bastion.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.bindings.coap.OneM2mOptions;
import io.bastion.cse.config.ResultLimits;
import io.bastion.server.CoapSettings;
import io.bastion.server.coap.CoapTestClient;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.californium.core.coap.Option;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Results cut at the CSE's limits say so (TS-0001 8.1.3 Content Status / Content Offset; TS-0009 6.4.20, 6.4.21
 * {@code X-M2M-CTS}/{@code X-M2M-CTO}; TS-0008 oneM2M-CTS/CTO), and a client pages through everything with
 * {@code ofst}. The limits are configured small ({@code discovery.max-results} 5, {@code retrieve.max-children} 4)
 * so that a dozen resources show what 20,000 would.
 */
class PartialContentIT {
    static final String AE = "Cpage";
    static final String HOME = "/cse-in/page";
    static final int DISCOVERY_CAP = 5;
    static final int CHILDREN_CAP = 4;
    static final int CONTAINERS = 12;

    @RegisterExtension
    static final TestServer cse = new TestServer()
            .configured(c -> c.withCoap(new CoapSettings(0, -1))
                    .withCse(c.cse().withLimits(new ResultLimits(DISCOVERY_CAP, CHILDREN_CAP))))
            .registering(AE, "page");
    static final M2m m2m = cse.client();

    @BeforeAll
    static void start() {
        for (int i = 0; i < CONTAINERS; i++) {
            m2m.createContainer(AE, HOME, "c" + i);
        }
    }

    static M2m.Rsp get(String query) {
        return m2m.retrieve(AE, HOME + "?" + query).expect(2000);
    }

    @Test
    void discoveryBeyondTheCapIsPartialAndPagesWithTheOffset() {
        M2m.Rsp first = get("fu=1&ty=3");
        assertThat(first.uris()).hasSize(DISCOVERY_CAP);
        assertThat(first.header("X-M2M-CTS")).isEqualTo("1");
        // ofst counts from 1: the next page starts at the result after the last one returned
        assertThat(first.header("X-M2M-CTO")).isEqualTo(String.valueOf(DISCOVERY_CAP + 1));

        List<String> all = new ArrayList<>(first.uris());
        M2m.Rsp page = first;
        int pages = 1;
        while (page.header("X-M2M-CTS") != null) {
            page = get("fu=1&ty=3&ofst=" + page.header("X-M2M-CTO"));
            all.addAll(page.uris());
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(page.header("X-M2M-CTO")).isNull();
        assertThat(all).doesNotHaveDuplicates().hasSize(CONTAINERS);
        for (int i = 0; i < CONTAINERS; i++) {
            assertThat(all).contains(HOME.substring(1) + "/c" + i);
        }
    }

    @Test
    void aLimitOfTheClientIsNotMarkedPartialUnlessTheCapCutsIt() {
        M2m.Rsp small = get("fu=1&ty=3&lim=3");
        assertThat(small.uris()).hasSize(3);
        assertThat(small.header("X-M2M-CTS")).isNull();
        M2m.Rsp atCap = get("fu=1&ty=3&lim=" + DISCOVERY_CAP);
        assertThat(atCap.uris()).hasSize(DISCOVERY_CAP);
        assertThat(atCap.header("X-M2M-CTS")).isNull();
        M2m.Rsp aboveCap = get("fu=1&ty=3&lim=1000&ofst=2");
        assertThat(aboveCap.uris()).hasSize(DISCOVERY_CAP);
        assertThat(aboveCap.header("X-M2M-CTS")).isEqualTo("1");
        assertThat(aboveCap.header("X-M2M-CTO")).isEqualTo(String.valueOf(2 + DISCOVERY_CAP));
        // exactly the cap left: complete
        M2m.Rsp last = get("fu=1&ty=3&ofst=" + (CONTAINERS - DISCOVERY_CAP + 1));
        assertThat(last.uris()).hasSize(DISCOVERY_CAP);
        assertThat(last.header("X-M2M-CTS")).isNull();
        assertThat(get("fu=1&ty=3&lim=0").uris()).isEmpty();
    }

    @Test
    void retrieveWithChildrenBeyondTheCapIsPartialAndPagesWithTheOffset() {
        for (int rcn : new int[] {4, 5, 6, 8}) {
            List<String> names = new ArrayList<>();
            String ofst = "1";
            int pages = 0;
            while (ofst != null) {
                M2m.Rsp r = get("rcn=" + rcn + "&ofst=" + ofst);
                List<String> page = childNames(rcn, r.json());
                assertThat(page).as("rcn %d page %d", rcn, pages).hasSizeLessThanOrEqualTo(CHILDREN_CAP);
                names.addAll(page);
                ofst = r.header("X-M2M-CTO");
                if (ofst != null) {
                    assertThat(r.header("X-M2M-CTS")).isEqualTo("1");
                    assertThat(page).hasSize(CHILDREN_CAP);
                }
                pages++;
            }
            assertThat(pages).as("rcn %d", rcn).isEqualTo(3);
            assertThat(names).as("rcn %d", rcn).doesNotHaveDuplicates().hasSize(CONTAINERS);
        }
        // a limit of the client applies to the children as well
        M2m.Rsp two = get("rcn=6&lim=2");
        assertThat(childNames(6, two.json())).containsExactly("c0", "c1");
        assertThat(two.header("X-M2M-CTS")).isNull();
        m2m.retrieve(AE, HOME + "?rcn=4&ofst=-1").expect(4000);
        m2m.retrieve(AE, HOME + "?rcn=4&ofst=0").expect(4000);
    }

    @Test
    void coapCarriesTheContentStatusAndOffsetOptions() {
        try (CoapTestClient coap = CoapTestClient.plain(cse.server().coapPort())) {
            CoapTestClient.Rsp r = coap.retrieve(AE, HOME + "?fu=1&ty=3&ofst=1");
            assertThat(r.rsc()).as("%s", r).isEqualTo(2000);
            assertThat(r.body().path("m2m:uril")).hasSize(DISCOVERY_CAP);
            Option cts = r.raw().getOptions().getOtherOption(OneM2mOptions.CTS);
            Option cto = r.raw().getOptions().getOtherOption(OneM2mOptions.CTO);
            assertThat(cts).isNotNull();
            assertThat(cts.getIntegerValue()).isEqualTo(1);
            assertThat(cto.getIntegerValue()).isEqualTo(1 + DISCOVERY_CAP);
            CoapTestClient.Rsp complete = coap.retrieve(AE, HOME + "?fu=1&ty=3&lim=2");
            assertThat(complete.raw().getOptions().getOtherOption(OneM2mOptions.CTS)).isNull();
        }
    }

    /** The names of the children in an answer of the given result content. */
    static List<String> childNames(int rcn, JsonNode body) {
        List<String> out = new ArrayList<>();
        switch (rcn) {
            case 4, 8 -> body.path("m2m:ae").path("m2m:cnt").forEach(c -> out.add(c.path("rn").asText()));
            case 5 -> body.path("m2m:ae").path("ch").forEach(c -> out.add(c.path("nm").asText()));
            default -> body.path("m2m:rrl").path("rrf").forEach(c -> out.add(c.path("nm").asText()));
        }
        return out;
    }
}
