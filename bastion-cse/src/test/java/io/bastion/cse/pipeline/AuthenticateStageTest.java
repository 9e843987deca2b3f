package io.bastion.cse.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.core.primitive.Authentication;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Peer;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.cse.config.CseConfig;
import io.bastion.cse.audit.AuditEntry;
import io.bastion.cse.audit.RecordingAuditSink;
import io.bastion.cse.request.RequestContext;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuthenticateStageTest {
    private final AuthenticateStage stage = new AuthenticateStage(CseConfig.defaults(), null, null);

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "Cabc, Cabc",
            "/id-in/Cabc, Cabc",
            "//bastion.example/id-in/Cabc, Cabc",
            "/Sabc, Sabc",
            "/id-mn/Cabc, /id-mn/Cabc",
            "/id-in2/Cabc, /id-in2/Cabc",
            "//other.example/id-in/Cabc, //other.example/id-in/Cabc",
            "/id-mn, /id-mn"})
    void localFormsOfAnAeIdBecomeItsStem(String given, String normalized) {
        assertThat(stage.normalize(given)).isEqualTo(normalized);
    }

    @ParameterizedTest(name = "{0} stem? {1}")
    @CsvSource({"Cabc, true", "S1, true", "C, false", "Xabc, false", "C a, false", "C/a, false", "Cä, false",
            "C-._~9, true"})
    void aeIdStemsUseUnreservedCharacters(String s, boolean stem) {
        assertThat(io.bastion.core.id.IdForms.isAeIdStem(s)).isEqualTo(stem);
    }

    @Test
    void aRequestOverARevokedAssociationIsRefusedWith4107AndAudited() {
        RecordingAuditSink sink = new RecordingAuditSink(false);
        List<AuditEntry> audited = sink.entries();
        AuthenticateStage audit = new AuthenticateStage(CseConfig.defaults(), null, null, sink);
        Peer revoked = new Peer(new InetSocketAddress("192.0.2.7", 40000), "psk",
                new Authentication.Revoked("12-dev1@issuer.example", "PSK identity dev1@issuer.example was removed"));
        // even an originator the association was bound to, and even the registration of an AE, are refused
        for (Request rq : List.of(Request.builder(Operation.RETRIEVE, "/cse-in/dev1").fr("Cdev1").rqi("r1").build(),
                Request.builder(Operation.CREATE, "/cse-in").fr("").ty(2).rqi("r2").build())) {
            RequestContext x = new RequestContext(rq, revoked, Instant.EPOCH);
            assertThatThrownBy(() -> audit.process(x, ignored -> {
                throw new AssertionError("a revoked association must not reach the next stage");
            })).isInstanceOfSatisfying(OneM2MException.class, e -> {
                assertThat(e.status()).isEqualTo(ResponseStatusCode.SECURITY_ASSOCIATION_REQUIRED);
                assertThat(e.getMessage()).contains("12-dev1@issuer.example").contains("was removed");
            });
        }
        assertThat(audited).hasSize(2).allSatisfy(e -> {
            assertThat(e.permitted()).isFalse();
            assertThat(e.rsc()).isEqualTo(ResponseStatusCode.SECURITY_ASSOCIATION_REQUIRED);
            assertThat(e.door()).isEqualTo("psk");
            assertThat(e.peerIp()).isEqualTo("192.0.2.7");
            assertThat(e.reason()).contains("no longer valid");
        });
    }
}
