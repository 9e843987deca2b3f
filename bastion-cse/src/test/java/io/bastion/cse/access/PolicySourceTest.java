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
import io.bastion.cse.access.PolicySource.Policies;
import io.bastion.cse.access.PolicySource.Rules;
import io.bastion.cse.request.RequestContext;
import io.bastion.cse.resource.ResourceEvent;
import io.bastion.security.acp.AccessControlPolicy;
import io.bastion.security.acp.PrivilegeSet;
import io.bastion.store.WriteBatch;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the rules of a decision come from (TS-0003 7.1, TS-0001 9.6.1.3), over a real store. */
class PolicySourceTest {
    @TempDir
    Path dir;
    AccessFixture f;
    PolicySource policies;
    final RequestContext x = request("Creader", Operation.RETRIEVE);

    @BeforeEach
    void open() throws Exception {
        f = new AccessFixture(dir);
        policies = new PolicySource(f.store, f.parser, f.config.cseId());
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void aResourceIsDecidedByThePvOfThePoliciesItsAcpiLinksInOrder() throws Exception {
        f.acp("acp2", AccessFixture.RULES, AccessFixture.RULES, null);
        Resource cnt = f.container("cnt1", List.of("acp2", "acp1"));
        Policies p = policies.of(x, cnt, Rules.ACPI);
        assertThat(p.holder().ri()).isEqualTo("cnt1");
        assertThat(p.source()).isEqualTo(Assessment.Source.ACPI);
        assertThat(p.privileges()).isEqualTo(PrivilegeSet.PV);
        assertThat(p.consulted()).extracting(AccessControlPolicy::ri).containsExactly("acp2", "acp1");
        assertThat(p.missing()).isEmpty();
    }

    @Test
    void aPolicyMayBeLinkedByItsSpRelativeOrStructuredAddress() throws Exception {
        Resource cnt = f.container("cnt1", List.of(f.config.cseId() + "/acp1", "cse-in/acp1"));
        assertThat(policies.of(x, cnt, Rules.ACPI).consulted()).extracting(AccessControlPolicy::ri)
                .containsExactly("acp1", "acp1");
    }

    @Test
    void linksToNothingToAnExpiredPolicyOrToAnotherTypeAreMissing() throws Exception {
        f.acp("old", AccessFixture.RULES, AccessFixture.RULES, AccessFixture.NOW);
        f.container("other", List.of());
        Resource cnt = f.container("cnt1", List.of("nothing", "old", "other", "acp1"));
        Policies p = policies.of(x, cnt, Rules.ACPI);
        assertThat(p.consulted()).extracting(AccessControlPolicy::ri).containsExactly("acp1");
        assertThat(p.missing()).containsExactly("nothing", "old", "other");
    }

    @Test
    void aResourceWithoutAcpiIsDecidedByItsCreatorAlone() throws Exception {
        Policies p = policies.of(x, f.container("cnt1", List.of()), Rules.ACPI);
        assertThat(p.source()).isEqualTo(Assessment.Source.CREATOR);
        assertThat(p.privileges()).isNull();
        assertThat(p.consulted()).isEmpty();
    }

    @Test
    void aContentInstanceIsDecidedByItsContainer() throws Exception {
        Resource cnt = f.container("cnt1", List.of("acp1"));
        Resource cin = f.put("cin1", "cnt1", ResourceTypes.CIN, cnt.path() + "/cin1", "{\"con\":\"1\"}", null);
        assertThat(policies.holder(x, cin).ri()).isEqualTo("cnt1");
        assertThat(policies.of(x, cin, Rules.ACPI).holder().ri()).isEqualTo("cnt1");
    }

    @Test
    void anAccessControlPolicyIsDecidedByItsOwnPvs() throws Exception {
        Resource acp = f.store.get("acp1").orElseThrow();
        Policies p = policies.of(x, acp, Rules.ACPI);
        assertThat(p.source()).isEqualTo(Assessment.Source.SELF);
        assertThat(p.privileges()).isEqualTo(PrivilegeSet.PVS);
        assertThat(p.consulted()).extracting(AccessControlPolicy::ri).containsExactly("acp1");
    }

    @Test
    void aChangeOfAcpiIsDecidedByThePvsOfThePoliciesLinkedNow() throws Exception {
        Policies p = policies.of(x, f.container("cnt1", List.of("acp1")), Rules.ACPI_SELF);
        assertThat(p.source()).isEqualTo(Assessment.Source.ACPI_SELF);
        assertThat(p.privileges()).isEqualTo(PrivilegeSet.PVS);
    }

    @Test
    void aFanOutPointIsDecidedByTheGroupsMacpOrItsAcpiWithoutOne() throws Exception {
        f.acp("acpM", AccessFixture.RULES, AccessFixture.RULES, null);
        Resource withMacp = f.put("grp1", f.config.cseBaseRi(), ResourceTypes.GRP, "cse-in/grp1",
                "{\"acpi\":[\"acp1\"],\"macp\":[\"acpM\"],\"mid\":[]}", null);
        Resource without = f.put("grp2", f.config.cseBaseRi(), ResourceTypes.GRP, "cse-in/grp2",
                "{\"acpi\":[\"acp1\"],\"mid\":[]}", null);
        Policies members = policies.of(x, withMacp, Rules.MACP);
        assertThat(members.source()).isEqualTo(Assessment.Source.MACP);
        assertThat(members.attribute()).isEqualTo("macp");
        assertThat(members.consulted()).extracting(AccessControlPolicy::ri).containsExactly("acpM");
        Policies own = policies.of(x, without, Rules.MACP);
        assertThat(own.source()).isEqualTo(Assessment.Source.ACPI);
        assertThat(own.attribute()).isEqualTo("acpi");
        assertThat(own.consulted()).extracting(AccessControlPolicy::ri).containsExactly("acp1");
    }

    @Test
    void aPolicyThatNoLongerParsesPermitsNothingButItsPvsStillGovernsItself() throws Exception {
        f.acp("lax", "{\"acr\":[{\"acor\":[\"Cowner\"],\"acop\":99}]}", AccessFixture.RULES, null);
        Resource cnt = f.container("cnt1", List.of("lax"));
        assertThat(policies.of(x, cnt, Rules.ACPI).missing()).containsExactly("lax");
        assertThat(policies.of(x, cnt, Rules.ACPI_SELF).consulted()).extracting(AccessControlPolicy::ri)
                .containsExactly("lax");
        Policies self = policies.of(x, f.store.get("lax").orElseThrow(), Rules.ACPI);
        assertThat(self.consulted()).singleElement().satisfies(a -> assertThat(a.pv().rules()).isEmpty());
    }

    @Test
    void aPolicyChangedWithinTheSameLastModifiedTimeIsParsedAgainOnceItsChangeIsCommitted() throws Exception {
        Resource cnt = f.container("cnt1", List.of("acp1"));
        assertThat(policies.of(x, cnt, Rules.ACPI).consulted().get(0).pv().rules()).hasSize(2);
        Resource changed = f.acp("acp1", "{\"acr\":[{\"acor\":[\"Cowner\"],\"acop\":63}]}", AccessFixture.RULES,
                null);
        policies.changed(List.of(new ResourceEvent(ResourceEvent.Kind.UPDATED, changed, null, null)));
        assertThat(policies.of(x, cnt, Rules.ACPI).consulted().get(0).pv().rules()).hasSize(1);
    }

    @Test
    void anUpdateOfAcpiAloneIsDecidedByPvsAndMustComeAlone() throws Exception {
        Resource cnt = f.container("cnt1", List.of("acp1"));
        assertThat(Rules.ofUpdate(update("{\"m2m:cnt\":{\"acpi\":[\"acp1\"]}}"), cnt)).isEqualTo(Rules.ACPI_SELF);
        assertThat(Rules.ofUpdate(update("{\"m2m:cnt\":{\"lbl\":[\"a\"]}}"), cnt)).isEqualTo(Rules.ACPI);
        assertThatThrownBy(() -> Rules.ofUpdate(update("{\"m2m:cnt\":{\"acpi\":[\"acp1\"],\"lbl\":[\"a\"]}}"), cnt))
                .isInstanceOfSatisfying(OneM2MException.class,
                        e -> assertThat(e.status()).isEqualTo(ResponseStatusCode.BAD_REQUEST));
    }

    @Test
    void anAcpiChangeIsDecidedByPvsUnderEveryRootTheResourceIsUpdatedBy() throws Exception {
        // a TS-0022 authenticationProfile, served as dcfg:autp and accepted as m2m:autp
        Resource autp = f.put("ap1", f.config.cseBaseRi(), 13, "cse-in/ap1",
                "{\"mgd\":1022,\"acpi\":[\"acp1\"]}", null);
        assertThat(Rules.ofUpdate(update("{\"dcfg:autp\":{\"acpi\":[\"acp1\"]}}"), autp)).isEqualTo(Rules.ACPI_SELF);
        assertThat(Rules.ofUpdate(update("{\"m2m:autp\":{\"acpi\":[\"acp1\"]}}"), autp)).isEqualTo(Rules.ACPI_SELF);
        // a flexContainer under its specialization's root
        Resource made = f.put("fc1", f.config.cseBaseRi(), 28, "cse-in/fc1", "{\"acpi\":[\"acp1\"]}", null);
        Resource flex = new Resource(made.ri(), made.pi(), made.ty(), made.path(), made.attrs(), made.creator(),
                made.expiry(), "cod:tempe", null);
        assertThat(Rules.ofUpdate(update("{\"cod:tempe\":{\"acpi\":[\"acp1\"]}}"), flex)).isEqualTo(Rules.ACPI_SELF);
        assertThat(Rules.ofUpdate(update("{\"cod:tempe\":{\"curT0\":1}}"), flex)).isEqualTo(Rules.ACPI);
    }

    private static Request update(String pc) throws Exception {
        return Request.builder(Operation.UPDATE, "cse-in/cnt1").fr("Cowner").rqi("u1").rvi("3")
                .pc(AccessFixture.JSON.readTree(pc)).build();
    }
}
