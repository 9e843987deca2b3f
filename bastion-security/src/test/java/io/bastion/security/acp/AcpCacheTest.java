package io.bastion.security.acp;

import static io.bastion.security.acp.TestPolicies.PARSER;
import static io.bastion.security.acp.TestPolicies.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import org.junit.jupiter.api.Test;

class AcpCacheTest {
    private static final JsonNode PV = json("{'acr':[{'acor':['Cabc'],'acop':2}]}");
    private static final JsonNode PV2 = json("{'acr':[{'acor':['Cdef'],'acop':2}]}");
    private static final JsonNode PVS = json("{'acr':[{'acor':['CAdmin'],'acop':63}]}");

    private final AcpCache cache = new AcpCache(PARSER);

    @Test
    void theSameVersionIsParsedOnce() {
        AccessControlPolicy first = cache.get("acp1", "v1", PV, PVS);
        assertThat(cache.get("acp1", "v1", PV, PVS)).isSameAs(first);
        assertThat(first.pv().rules()).hasSize(1);
    }

    @Test
    void aNewVersionReplacesTheEntry() {
        AccessControlPolicy v1 = cache.get("acp1", "v1", PV, PVS);
        AccessControlPolicy v2 = cache.get("acp1", "v2", PV2, PVS);
        assertThat(v2).isNotSameAs(v1);
        assertThat(((AcorEntry.Literal) v2.pv().rules().get(0).originators().get(0)).raw()).isEqualTo("Cdef");
        assertThat(cache.get("acp1", "v2", PV2, PVS)).isSameAs(v2);
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void invalidateForcesAReparse() {
        AccessControlPolicy v1 = cache.get("acp1", "v1", PV, PVS);
        cache.invalidate("acp1");
        assertThat(cache.size()).isZero();
        AccessControlPolicy again = cache.get("acp1", "v1", PV2, PVS);
        assertThat(again).isNotSameAs(v1);
        assertThat(((AcorEntry.Literal) again.pv().rules().get(0).originators().get(0)).raw()).isEqualTo("Cdef");
    }

    @Test
    void aMissingVersionIsNeverCached() {
        AccessControlPolicy a = cache.get("acp1", null, PV, PVS);
        assertThat(cache.get("acp1", null, PV, PVS)).isNotSameAs(a);
        assertThat(cache.size()).isZero();
    }

    @Test
    void aStoredResourceIsVersionedByItsLastModifiedTime() {
        ObjectNode attrs = (ObjectNode) json("{'ri':'acp1','ty':1,'lt':'20260314T101530,000000'}");
        attrs.set("pv", PV);
        attrs.set("pvs", PVS);
        Resource r = new Resource("acp1", "cse1", ResourceTypes.ACP, "cse-in/acp1", attrs, "CAdmin", null);
        AccessControlPolicy p = cache.get(r);
        assertThat(p.ri()).isEqualTo("acp1");
        assertThat(cache.get(r)).isSameAs(p);
    }

    @Test
    void theBoundEmptiesTheCache() {
        AcpCache small = new AcpCache(PARSER, 2);
        small.get("a", "1", PV, PVS);
        small.get("b", "1", PV, PVS);
        small.get("c", "1", PV, PVS);
        assertThat(small.size()).isEqualTo(1);
    }

    @Test
    void invalidStoredJsonIsReportedNotCached() {
        assertThatThrownBy(() -> cache.get("acp1", "v1", PV, json("{'acr':[]}")))
                .isInstanceOf(OneM2MException.class).hasMessage("pvs.acr: must contain at least one rule");
        assertThat(cache.size()).isZero();
    }
}
