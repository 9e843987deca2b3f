package io.bastion.cse.access;

import static io.bastion.cse.access.AccessFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.access.PolicySource.Rules;
import io.bastion.cse.audit.AuditEntry;
import io.bastion.cse.audit.RecordingAuditSink;
import io.bastion.cse.dynamic.Consultation;
import io.bastion.cse.dynamic.DynamicFallback;
import io.bastion.cse.request.RequestContext;
import io.bastion.security.acp.AccessDecisionEngine;
import io.bastion.security.acp.GroupMembers;
import io.bastion.security.acp.LocationSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The orchestrator: decides by the policy source and the request's grants, falls back to dynamic authorization only
 * for a deny by pv, refuses in general terms, audits what it enforces, and never turns a failure into a permit.
 */
class AccessControlTest {
    @TempDir
    Path dir;
    AccessFixture f;
    final RecordingAuditSink sink = new RecordingAuditSink(true);
    final List<AuditEntry> audited = sink.entries();
    final List<String> fallbacks = new ArrayList<>();
    Resource cnt;

    @BeforeEach
    void open() throws Exception {
        f = new AccessFixture(dir);
        cnt = f.container("cnt1", List.of("acp1"));
    }

    @AfterEach
    void close() {
        f.close();
    }

    /** The access control over the fixture's store, with {@code fallback} after a deny, auditing permits too. */
    AccessControl access(DynamicFallback fallback) {
        DynamicFallback recorded = (x, target, op, orid) -> {
            fallbacks.add(op + " " + target.ri());
            return fallback.afterDeny(x, target, op, orid);
        };
        return new AccessControl(new PolicySource(f.store, f.parser, f.config.cseId()),
                new RequestGrants(CredentialVerifier.NONE, null, sink), recorded,
                new AccessDecisionEngine(f.local, GroupMembers.NONE), LocationSource.NONE, sink);
    }

    @Test
    void aPermitByPvIsAuditedAndAsksNoDas() {
        AccessControl access = access(DynamicFallback.NONE);
        assertThat(access.authorize(request("Creader", Operation.RETRIEVE), cnt, Operation.RETRIEVE, null).permitted())
                .isTrue();
        assertThat(fallbacks).isEmpty();
        assertThat(audited).singleElement().satisfies(e -> assertThat(e.permitted()).isTrue());
    }

    @Test
    void aGrantThatDoesNotCoverTheRequestRefusesItSayingSo() {
        AccessControl access = access((x, target, op, orid) -> new Consultation.Granted("https://das.example",
                List.of(), List.of()));
        assertThatThrownBy(() -> access.authorize(request("Creader", Operation.DELETE), cnt, Operation.DELETE, null))
                .isInstanceOfSatisfying(OneM2MException.class, e -> {
                    assertThat(e.status()).isEqualTo(ResponseStatusCode.ORIGINATOR_HAS_NO_PRIVILEGE);
                    assertThat(e.getMessage()).isEqualTo("DELETE refused: no access control policy grants it to "
                            + "the originator; what dynamic authorization granted does not cover it")
                            .doesNotContain("das.example");
                });
        assertThat(fallbacks).containsExactly("DELETE cnt1");
        assertThat(audited).singleElement().satisfies(e -> {
            assertThat(e.permitted()).isFalse();
            assertThat(e.trail()).last().asString().contains("the DAS at https://das.example granted privileges that "
                    + "do not cover this request");
        });
    }

    @Test
    void theIndirectFlowWithoutAUsableDasRefusesWithoutTokenRequestInformation() {
        AccessControl access = access((x, target, op, orid) -> new Consultation.TokensOffered(null));
        assertThatThrownBy(() -> access.authorize(request("Creader", Operation.DELETE), cnt, Operation.DELETE, null))
                .isInstanceOfSatisfying(OneM2MException.class, e -> assertThat(e.getMessage())
                        .endsWith("; dynamic authorization did not grant it either"));
        assertThat(audited).singleElement().satisfies(e -> assertThat(e.trail()).last().asString()
                .contains("no DAS address (dap) of the applicable dacs is usable for tokens"));
    }

    @Test
    void noDasDecidesAChangeOfAcpiOrARequestToAFanOutPoint() throws Exception {
        AccessControl access = access((x, target, op, orid) -> {
            throw new AssertionError("no fallback expected");
        });
        RequestContext update = new RequestContext(Request.builder(Operation.UPDATE, "cse-in/cnt1").fr("Creader")
                .rqi("u1").rvi("3").pc(AccessFixture.JSON.readTree("{\"m2m:cnt\":{\"acpi\":[]}}")).build(),
                request("Creader", Operation.UPDATE).peer(), AccessFixture.NOW);
        assertThatThrownBy(() -> access.authorizeUpdate(update, cnt)).isInstanceOf(OneM2MException.class)
                .hasMessageContaining("selfPrivileges (pvs)");
        Resource group = f.put("grp1", f.config.cseBaseRi(), ResourceTypes.GRP, "cse-in/grp1",
                "{\"acpi\":[\"acp1\"],\"mid\":[]}", null);
        assertThatThrownBy(() -> access.authorizeFanOut(request("Creader", Operation.DELETE), group,
                Operation.DELETE, null)).isInstanceOf(OneM2MException.class).hasMessageContaining("fanOutPoint");
        assertThat(fallbacks).isEmpty();
    }

    @Test
    void aFallbackThatFailsNeverPermits() {
        AccessControl access = access((x, target, op, orid) -> {
            throw new IllegalStateException("the store failed");
        });
        assertThatThrownBy(() -> access.authorize(request("Creader", Operation.DELETE), cnt, Operation.DELETE, null))
                .isInstanceOf(IllegalStateException.class);
        assertThat(audited).noneMatch(AuditEntry::permitted);
    }

    @Test
    void aNotifyPrivilegeIsAuditedWithTheCodeTheCallerRefusesWith() {
        AccessControl access = access(DynamicFallback.NONE);
        assertThat(access.audited(request("Cstranger", Operation.NOTIFY), cnt, Operation.NOTIFY,
                ResponseStatusCode.SUBSCRIPTION_CREATOR_HAS_NO_PRIVILEGE).permitted()).isFalse();
        assertThat(audited).singleElement().satisfies(e -> {
            assertThat(e.op()).isEqualTo(Operation.NOTIFY);
            assertThat(e.rsc()).isEqualTo(ResponseStatusCode.SUBSCRIPTION_CREATOR_HAS_NO_PRIVILEGE);
        });
        assertThat(fallbacks).isEmpty();
    }

    @Test
    void aPolicyWhoseRulesAllNoLongerParseExplainsThatItPermitsNothing() throws Exception {
        Resource broken = f.acp("broken", "{\"acr\":7}", "{\"acr\":7}", null);
        Assessment a = access(DynamicFallback.NONE).assess(request("Cowner", Operation.RETRIEVE), broken,
                Operation.RETRIEVE, null, Rules.ACPI);
        assertThat(a.decision().permitted()).isFalse();
        assertThat(a.decision().explain()).contains("cannot be evaluated");
        assertThat(a.describe()).isEqualTo("pvs of the accessControlPolicy broken itself");
    }
}
