package io.bastion.cse.mcc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.config.CseConfig;
import io.bastion.cse.config.MccConfig;
import io.bastion.store.WriteBatch;
import io.bastion.store.sqlite.SqliteResourceStore;
import io.bastion.store.sqlite.StoreConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CSE-to-CSE routing rule of TS-0001 8.2.1 over a real store of {@code <remoteCSE>} resources. */
class NextHopsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    static final CseConfig CONFIG = new CseConfig("/id-mn", "cse-mn", "sp.example", "CAdmin", false, List.of("C*"),
            List.of("3"), java.time.Duration.ofDays(1), java.time.Duration.ofDays(10), java.time.Duration.ofSeconds(3),
            100);
    static final MccConfig.Registrar REGISTRAR = new MccConfig.Registrar("https://in.example:8443", "/id-in",
            "cse-in", null, null, true);

    @TempDir
    Path dir;
    SqliteResourceStore store;

    @BeforeEach
    void open() {
        store = SqliteResourceStore.open(StoreConfig.of(dir.resolve("hops.db")));
        ObjectNode cb = JSON.createObjectNode().put("ty", ResourceTypes.CSE_BASE).put("ri", CONFIG.cseBaseRi())
                .put("rn", CONFIG.cseBaseName());
        store.write(new WriteBatch().create(new Resource(CONFIG.cseBaseRi(), null, ResourceTypes.CSE_BASE,
                CONFIG.cseBaseName(), cb, "CAdmin", null)));
        remoteCse("/id-asn1", List.of("http://asn1:80"), List.of("/id-asn9"), null);
        remoteCse("/id-in", List.of("http://stale:1"), List.of(), null);
        remoteCse("/id-gone", List.of("http://gone:80"), List.of(), NOW.minusSeconds(1));
    }

    @AfterEach
    void close() {
        store.close();
    }

    void remoteCse(String csi, List<String> poa, List<String> dcse, Instant expiry) {
        ObjectNode a = JSON.createObjectNode().put("ty", ResourceTypes.CSR).put("ri", csi.substring(1))
                .put("rn", csi.substring(1)).put("csi", csi);
        poa.forEach(a.putArray("poa")::add);
        if (!dcse.isEmpty()) {
            dcse.forEach(a.putArray("dcse")::add);
        }
        store.write(new WriteBatch().create(new Resource(csi.substring(1), CONFIG.cseBaseRi(), ResourceTypes.CSR,
                CONFIG.cseBaseName() + "/" + csi.substring(1), a, csi, expiry)));
    }

    NextHops hops(MccConfig.Registrar registrar) {
        return new NextHops(CONFIG, new MccConfig(MccConfig.CseType.MN, List.of("/id-asn*"), registrar), store,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void aRegistreeLeadsToItselfAndItsDescendants() {
        NextHops.Hop self = hops(REGISTRAR).toward("/id-asn1", null).orElseThrow();
        assertThat(self.cseId()).isEqualTo("/id-asn1");
        assertThat(self.poas()).containsExactly("http://asn1:80");
        assertThat(self.registrar()).isFalse();
        assertThat(hops(REGISTRAR).toward("/id-asn9", null).orElseThrow().cseId()).isEqualTo("/id-asn1");
    }

    @Test
    void everyOtherCseIsReachedThroughTheRegistrarAtItsConfiguredAddress() {
        NextHops.Hop up = hops(REGISTRAR).toward("/id-elsewhere", null).orElseThrow();
        assertThat(up.registrar()).isTrue();
        assertThat(up.cseId()).isEqualTo("/id-in");
        assertThat(up.poas()).containsExactly("https://in.example:8443");
        // the registrar's own remoteCSE here: the configured address wins over a stored poa
        assertThat(hops(REGISTRAR).toward("/id-in", null).orElseThrow().poas())
                .containsExactly("https://in.example:8443");
        // an expired remoteCSE leads nowhere of its own; the request goes up
        assertThat(hops(REGISTRAR).toward("/id-gone", null).orElseThrow().registrar()).isTrue();
    }

    @Test
    void noHopForThisCseNorWithoutARegistrarNorBackToTheRegistrar() {
        assertThat(hops(REGISTRAR).toward("/id-mn", null)).isEmpty();
        assertThat(hops(null).toward("/id-elsewhere", null)).isEmpty();
        assertThat(hops(REGISTRAR).toward("/id-elsewhere", "/id-in")).isEmpty();
        assertThat(hops(REGISTRAR).toward("/id-asn9", "/id-in")).isPresent();
    }

    /** One case of the Registrar's handover check: who hands over {@code fr}, and the route it follows. */
    record Handed(String fr, String proven, String acceptedFrom, String route) {
    }

    @Test
    void theHandoverCheckAcceptsAnOriginatorOnlyFromTheCseThatLeadsToItAndExplainsTheRoute() {
        HandoverCheck check = new HandoverCheck(CONFIG, new MccConfig(MccConfig.CseType.MN, List.of("/id-asn*"),
                REGISTRAR), store, hops(REGISTRAR), Clock.fixed(NOW, ZoneOffset.UTC));
        List<Handed> cases = List.of(
                new Handed("/id-asn1/Cx", "/id-asn1", "/id-asn1",
                        "belongs to CSE /id-asn1, registered here (<remoteCSE> cse-mn/id-asn1, csi /id-asn1)"),
                new Handed("/id-asn1", "/id-in", null, "is CSE /id-asn1, registered here"),
                new Handed("/id-asn9/Cx", "/id-asn1", "/id-asn1",
                        "belongs to CSE /id-asn9, below /id-asn1 (the dcse of <remoteCSE> cse-mn/id-asn1 names it)"),
                new Handed("/id-asn9/Cx", "/id-in", null, "below /id-asn1"),
                new Handed("/id-elsewhere/Cx", "/id-in", "/id-in",
                        "the registrar /id-in (<remoteCSE> cse-mn/id-in) leads there (TS-0001 8.2.1)"),
                new Handed("/id-elsewhere", "/id-asn1", null, "the registrar /id-in"),
                new Handed("/id-gone/Cx", "/id-in", "/id-in", "the registrar /id-in"),
                new Handed("/id-in/Cphone", "/id-in", "/id-in", "registered here (<remoteCSE> cse-mn/id-in, csi "
                        + "/id-in), this CSE's registrar: only /id-in may send it"),
                new Handed("Cmine", "/id-asn1", null, "is an AE of this CSE"),
                new Handed("/id-mn!/Cx", "/id-asn1", null, "malformed CSE-ID"));
        for (Handed c : cases) {
            assertThat(check.route(c.fr())).as(c.fr()).contains(c.route());
            if (c.acceptedFrom() != null) {
                assertThat(check.overAssociation(c.fr(), java.util.Set.of(c.proven())).cseId()).as(c.fr())
                        .isEqualTo(c.acceptedFrom());
            } else {
                assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(
                        io.bastion.core.primitive.OneM2MException.class,
                        () -> check.overAssociation(c.fr(), java.util.Set.of(c.proven()))).status().code())
                        .as(c.fr()).isIn(4000, 4106);
            }
        }
        // an IN-CSE without a registrar: a CSE no remoteCSE names is reached by no one
        HandoverCheck top = new HandoverCheck(CONFIG, new MccConfig(MccConfig.CseType.IN, List.of(), null), store,
                hops(null), Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(top.route("/id-elsewhere/Cx")).contains("no CSE may hand it over");
    }
}
