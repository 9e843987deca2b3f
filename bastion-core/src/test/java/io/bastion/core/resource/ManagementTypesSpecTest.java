package io.bastion.core.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every attribute policy of the mgmtObj specializations ({@link ManagementTypes}) against TS-0004 Annex D (data type,
 * Create and Update columns; TS-0004 table 8.2.3-4 short names), one row per attribute keyed by the specialization's
 * root; the TS-0022 objects' types are UNCONFIRMED (short names only in the texts here), so their rows check the value
 * type Bastion chose and leave the columns unchecked ("-"). The universal, common and mgmtObj attributes every
 * specialization has (TS-0004 tables 7.4.15.1-1 and 7.4.15.1-2) are checked once for all.
 */
class ManagementTypesSpecTest {

    /** root | short name | TS-0004 data type | value type | create | update. */
    static final List<String> ROWS = List.of(
            // firmware
            "m2m:fwr|vr|xs:string|STRING|M|O",
            "m2m:fwr|fwn|xs:string|STRING|M|O",
            "m2m:fwr|url|xs:anyURI|ANY_URI|M|O",
            "m2m:fwr|ud|xs:boolean|BOOLEAN|M|O",
            "m2m:fwr|uds|m2m:actionStatus|ACTION_STATUS|NP|O",
            // software
            "m2m:swr|vr|xs:string|STRING|M|O",
            "m2m:swr|swn|xs:string|STRING|M|O",
            "m2m:swr|url|xs:anyURI|ANY_URI|M|O",
            "m2m:swr|in|xs:boolean|BOOLEAN|NP|O",
            "m2m:swr|un|xs:boolean|BOOLEAN|NP|O",
            "m2m:swr|ins|m2m:actionStatus|ACTION_STATUS|NP|O",
            "m2m:swr|act|xs:boolean|BOOLEAN|NP|O",
            "m2m:swr|dea|xs:boolean|BOOLEAN|NP|O",
            "m2m:swr|acts|m2m:actionStatus|ACTION_STATUS|NP|O",
            // memory
            "m2m:mem|mma|xs:unsignedLong|NON_NEG_INTEGER|M|O",
            "m2m:mem|mmt|xs:unsignedLong|NON_NEG_INTEGER|M|O",
            // areaNwkInfo
            "m2m:ani|ant|xs:string|STRING|M|O",
            "m2m:ani|ldv|m2m:listOfURIs|LIST_OF_URI|O|O",
            // areaNwkDeviceInfo
            "m2m:andi|dvd|xs:string|STRING|M|O",
            "m2m:andi|dvt|xs:string|STRING|M|O",
            "m2m:andi|awi|xs:anyURI|ANY_URI|M|O",
            "m2m:andi|sli|xs:nonNegativeInteger|NON_NEG_INTEGER|O|O",
            "m2m:andi|sld|xs:nonNegativeInteger|NON_NEG_INTEGER|O|O",
            "m2m:andi|ss|xs:string|STRING|O|O",
            "m2m:andi|lnh|m2m:listOfURIs|LIST_OF_URI|O|O",
            // battery
            "m2m:bat|btl|xs:unsignedInt|NON_NEG_INTEGER|M|O",
            "m2m:bat|bts|m2m:batteryStatus|POSITIVE_INTEGER|M|O",
            // deviceInfo
            "m2m:dvi|dlb|xs:string|STRING|M|O",
            "m2m:dvi|man|xs:string|STRING|M|NP",
            "m2m:dvi|mfdl|xs:string|STRING|O|O",
            "m2m:dvi|mfd|m2m:timestamp|TIMESTAMP|O|NP",
            "m2m:dvi|mod|xs:string|STRING|M|NP",
            "m2m:dvi|smod|xs:string|STRING|O|NP",
            "m2m:dvi|dty|xs:string|STRING|M|O",
            "m2m:dvi|dvnm|xs:string|STRING|O|O",
            "m2m:dvi|fwv|xs:string|STRING|O|O",
            "m2m:dvi|swv|xs:string|STRING|O|O",
            "m2m:dvi|hwv|xs:string|STRING|O|NP",
            "m2m:dvi|osv|xs:string|STRING|O|O",
            "m2m:dvi|cnty|xs:string|STRING|O|NP",
            "m2m:dvi|loc|xs:string|STRING|O|O",
            "m2m:dvi|syst|m2m:timestamp|TIMESTAMP|O|O",
            "m2m:dvi|spur|xs:anyURI|ANY_URI|O|O",
            "m2m:dvi|purl|xs:anyURI|ANY_URI|O|O",
            "m2m:dvi|ptl|m2m:protocolList|LIST_OF_STRING|O|O",
            // deviceCapability
            "m2m:dvc|can|xs:string|STRING|M|O",
            "m2m:dvc|att|xs:boolean|BOOLEAN|M|O",
            "m2m:dvc|cas|m2m:actionStatus|ACTION_STATUS|M|O",
            "m2m:dvc|cus|xs:boolean|BOOLEAN|M|O",
            "m2m:dvc|ena|xs:boolean|BOOLEAN|O|O",
            "m2m:dvc|dis|xs:boolean|BOOLEAN|O|O",
            // reboot
            "m2m:rbo|rbo|xs:boolean|BOOLEAN|O|O",
            "m2m:rbo|far|xs:boolean|BOOLEAN|O|O",
            // eventLog
            "m2m:evl|lgt|m2m:logTypeId|POSITIVE_INTEGER|M|O",
            "m2m:evl|lgd|xs:string|STRING|M|O",
            "m2m:evl|lgst|m2m:logStatus|POSITIVE_INTEGER|M|O",
            "m2m:evl|lga|xs:boolean|BOOLEAN|O|O",
            "m2m:evl|lgo|xs:boolean|BOOLEAN|O|O",
            // cmdhPolicy
            "m2m:cmp|cpn|xs:string|STRING|M|O",
            "m2m:cmp|cmlk|list of m2m:mgmtLinkRef|LIST_OF_OBJECT|M|O",
            // activeCmdhPolicy
            "m2m:acmp|acmlk|m2m:ID|STRING|M|O",
            // cmdhDefaults
            "m2m:cmdf|cmlk|list of m2m:mgmtLinkRef|LIST_OF_OBJECT|M|O",
            // cmdhDefEcValue
            "m2m:cmdv|od|xs:positiveInteger|POSITIVE_INTEGER|M|O",
            "m2m:cmdv|dev|m2m:eventCat|EVENT_CAT|M|O",
            "m2m:cmdv|ror|m2m:listOfM2MID|LIST_OF_STRING|M|O",
            "m2m:cmdv|rct|xs:anyType|ANY|O|O",
            "m2m:cmdv|rctn|xs:boolean|BOOLEAN|O|O",
            "m2m:cmdv|rch|xs:anyType|ANY|O|O",
            // cmdhEcDefParamValues
            "m2m:cmpv|aec|list of m2m:eventCatWithDef|LIST_OF_INTEGER|M|O",
            "m2m:cmpv|dqet|xs:long|INTEGER|M|O",
            "m2m:cmpv|dset|xs:long|INTEGER|M|O",
            "m2m:cmpv|doet|xs:long|INTEGER|M|O",
            "m2m:cmpv|drp|xs:long|INTEGER|M|O",
            "m2m:cmpv|dda|xs:boolean|BOOLEAN|M|O",
            // cmdhLimits
            "m2m:cml|od|xs:positiveInteger|POSITIVE_INTEGER|M|O",
            "m2m:cml|ror|m2m:listOfM2MID|LIST_OF_STRING|M|O",
            "m2m:cml|rct|xs:anyType|ANY|O|O",
            "m2m:cml|rctn|xs:boolean|BOOLEAN|O|O",
            "m2m:cml|rch|xs:anyType|ANY|O|O",
            "m2m:cml|lec|list of m2m:eventCat|LIST_OF_INTEGER|M|O",
            "m2m:cml|lqet|m2m:listOfMinMax|LIST_OF_INTEGER|M|O",
            "m2m:cml|lset|m2m:listOfMinMax|LIST_OF_INTEGER|M|O",
            "m2m:cml|loet|m2m:listOfMinMax|LIST_OF_INTEGER|M|O",
            "m2m:cml|lrp|m2m:listOfMinMax|LIST_OF_INTEGER|M|O",
            "m2m:cml|lda|restricted list of xs:boolean|LIST_OF_BOOLEAN|M|O",
            // cmdhNetworkAccessRules
            "m2m:cmnr|aecs|list of m2m:eventCatWithDef|LIST_OF_INTEGER|M|O",
            "m2m:cmnr|cmlk|list of m2m:mgmtLinkRef|LIST_OF_OBJECT|O|O",
            // cmdhNwAccessRule
            "m2m:cmwr|ttn|m2m:listOfM2MID|LIST_OF_STRING|M|O",
            "m2m:cmwr|mrv|xs:nonNegativeInteger|NON_NEG_INTEGER|M|O",
            "m2m:cmwr|swt|xs:nonNegativeInteger|NON_NEG_INTEGER|M|O",
            "m2m:cmwr|bop|m2m:backOffParameters|OBJECT|M|O",
            "m2m:cmwr|ohc|xs:anyType|ANY|O|O",
            "m2m:cmwr|cmlk|m2m:mgmtLinkRef|OBJECT|M|O",
            // cmdhBuffer
            "m2m:cmbf|aec|list of m2m:eventCatWithDef|LIST_OF_INTEGER|M|O",
            "m2m:cmbf|mbfs|xs:nonNegativeInteger|NON_NEG_INTEGER|M|O",
            "m2m:cmbf|sgp|xs:positiveInteger|POSITIVE_INTEGER|M|O",
            // authenticationProfile
            "dcfg:autp|suid|UNCONFIRMED: m2m:suid (inferred)|POSITIVE_INTEGER|-|-",
            "dcfg:autp|tlcs|UNCONFIRMED: UNCONFIRMED (suggest list of TLS ciphersuite identifiers)|LIST_OF_INTEGER|-|-",
            "dcfg:autp|aski|UNCONFIRMED: UNCONFIRMED (suggest xs:string)|STRING|-|-",
            "dcfg:autp|skv|UNCONFIRMED: UNCONFIRMED (suggest xs:base64Binary)|SYMMETRIC_KEY|-|-",
            "dcfg:autp|mkrl|UNCONFIRMED: m2m:labels (inferred)|LABELS|-|-",
            "dcfg:autp|mkrd|UNCONFIRMED: xs:duration (inferred)|STRING|-|-",
            "dcfg:autp|mcfp|UNCONFIRMED: UNCONFIRMED (certificate fingerprint; format/hash not given)|FINGERPRINT|-|-",
            "dcfg:autp|rpki|UNCONFIRMED: UNCONFIRMED (inferred: RFC 6920 'ni' URI -> xs:anyURI)|ANY_URI|-|-",
            "dcfg:autp|cmlk|UNCONFIRMED: list of m2m:mgmtLinkRef (inferred)|LIST_OF_OBJECT|-|-",
            // myCertFileCred
            "dcfg:nycfc|suids|UNCONFIRMED: list of m2m:suid (inferred)|LIST_OF_INTEGER|-|-",
            "dcfg:nycfc|mcff|UNCONFIRMED: UNCONFIRMED|STRING|-|-",
            "dcfg:nycfc|mcfc|UNCONFIRMED: UNCONFIRMED (suggest xs:string: PEM or base64 DER)|CERTIFICATES|-|-",
            // trustAnchorCred
            "dcfg:tac|uri|UNCONFIRMED: xs:anyURI (inferred)|ANY_URI|-|-",
            "dcfg:tac|cfp|UNCONFIRMED: UNCONFIRMED (certificate fingerprint; hash not given)|FINGERPRINT|-|-",
            // MAFClientRegCfg
            "dcfg:macrc|fq|UNCONFIRMED: xs:anyURI (TS-0003 Table 12.4.2-1)|ANY_URI|-|-",
            "dcfg:macrc|adfq|UNCONFIRMED: xs:anyURI (TS-0003 Table 12.4.2-1)|ANY_URI|-|-",
            "dcfg:macrc|hpt|UNCONFIRMED: xs:unsignedByte per TS-0003 Table 12.4.2-1 (cannot hold ports > 255; suggest xs:unsignedShort)|NON_NEG_INTEGER|-|-",
            "dcfg:macrc|cpt|UNCONFIRMED: xs:unsignedByte per TS-0003 (same defect; suggest xs:unsignedShort)|NON_NEG_INTEGER|-|-",
            "dcfg:macrc|wpt|UNCONFIRMED: xs:unsignedByte per TS-0003 (same defect; suggest xs:unsignedShort)|NON_NEG_INTEGER|-|-",
            // MEFClientRegCfg
            "dcfg:mecrc|fq|UNCONFIRMED: xs:anyURI (TS-0003 Table 12.4.2-1)|ANY_URI|-|-",
            "dcfg:mecrc|adfq|UNCONFIRMED: xs:anyURI (TS-0003 Table 12.4.2-1)|ANY_URI|-|-",
            "dcfg:mecrc|hpt|UNCONFIRMED: xs:unsignedByte per TS-0003 Table 12.4.2-1 (cannot hold ports > 255; suggest xs:unsignedShort)|NON_NEG_INTEGER|-|-",
            "dcfg:mecrc|cpt|UNCONFIRMED: xs:unsignedByte per TS-0003 (same defect; suggest xs:unsignedShort)|NON_NEG_INTEGER|-|-",
            "dcfg:mecrc|wpt|UNCONFIRMED: xs:unsignedByte per TS-0003 (same defect; suggest xs:unsignedShort)|NON_NEG_INTEGER|-|-");

    /** The attributes of every mgmtObj specialization (TS-0004 tables 7.4.15.1-1, 7.4.15.1-2). */
    static final List<String> COMMON = List.of(
            "ty|m2m:resourceType|INTEGER|NP|NP", "ri|m2m:ID|STRING|NP|NP", "rn|m2m:resourceName|NCNAME|O|NP",
            "pi|m2m:nhURI|STRING|NP|NP", "ct|m2m:timestamp|TIMESTAMP|NP|NP", "lt|m2m:timestamp|TIMESTAMP|NP|NP",
            "et|m2m:timestamp|TIMESTAMP|O|O", "lbl|m2m:labels|LABELS|O|O", "acpi|m2m:acpType|LIST_OF_URI|O|O",
            "daci|list of xs:anyURI|LIST_OF_URI|O|O", "mgd|m2m:mgmtDefinition|NON_NEG_INTEGER|M|NP",
            "obis|list of xs:anyURI|LIST_OF_URI|O|NP", "obps|list of xs:anyURI|LIST_OF_URI|O|NP",
            "mgs|xs:anyURI|ANY_URI|O|NP", "dc|xs:string|STRING|O|O");

    static Stream<Arguments> rows() {
        return ROWS.stream().map(r -> Arguments.of((Object[]) r.split("\\|")));
    }

    static Stream<Arguments> common() {
        return specializations().stream().flatMap(t -> COMMON.stream()
                .map(r -> Arguments.of((Object[]) (t.rootName() + "|" + r).split("\\|"))));
    }

    static List<ResourceType> specializations() {
        return ResourceTypes.registry().allOf(ManagementTypes.MGMT_OBJ);
    }

    @ParameterizedTest(name = "{0} {1}: {2} -> {3}, create {4}, update {5}")
    @MethodSource({"rows", "common"})
    void attributePolicyFollowsTs0004(String root, String sn, String specType, String valueType, String create,
                                      String update) {
        ResourceTypesSpecTest.assertFollowsRow(ResourceTypes.byRootName(root).orElseThrow(), root, sn, specType,
                valueType, create, update);
    }

    @Test
    void everyAttributeOfEverySpecializationIsListed() {
        Set<String> listed = new HashSet<>();
        ROWS.forEach(r -> {
            String[] c = r.split("\\|");
            listed.add(c[0] + "|" + c[1]);
        });
        Set<String> common = new HashSet<>();
        COMMON.forEach(r -> common.add(r.split("\\|")[0]));
        common.addAll(Set.of("at", "aa")); // the announcement attributes: AnnouncedTypesTest
        for (ResourceType t : specializations()) {
            for (String sn : t.attributes().keySet()) {
                if (!common.contains(sn)) {
                    assertThat(listed).as("%s attribute %s is listed", t.rootName(), sn)
                            .contains(t.rootName() + "|" + sn);
                }
            }
        }
        assertThat(listed).hasSize(ROWS.size());
    }

    @Test
    void eachSpecializationIsToldApartByItsMgmtDefinition() {
        Set<String> mgds = new HashSet<>();
        for (ResourceType t : specializations()) {
            assertThat(t.specialization().attribute()).isEqualTo("mgd");
            assertThat(mgds.add(t.specialization().value())).as("mgd of %s", t.rootName()).isTrue();
        }
        assertThat(mgds).hasSize(24).contains("1001", "1019", "1022", "1026").doesNotContain("0", "1020", "1021");
    }

    @Test
    void theSecurityObjectsAreSensitiveServedUnderDcfgAndAcceptedUnderM2m() {
        for (String sn : List.of("autp", "nycfc", "tac", "macrc", "mecrc")) {
            ResourceType t = ResourceTypes.byRootName("dcfg:" + sn).orElseThrow();
            assertThat(t.sensitive()).as(sn).isTrue();
            assertThat(ResourceTypes.forContent(13, "m2m:" + sn)).isSameAs(t);
        }
        assertThat(ResourceTypes.byRootName("dcfg:autp").orElseThrow().secretAttributes()).containsExactly("skv");
        assertThat(ResourceTypes.byRootName("m2m:fwr").orElseThrow().sensitive()).isFalse();
    }

    @Test
    void placementFollowsBothTablesOfTs0001() {
        ResourceType node = ResourceTypes.get(ManagementTypes.NODE);
        ResourceType autp = ResourceTypes.byRootName("dcfg:autp").orElseThrow();
        ResourceType cmp = ResourceTypes.byRootName("m2m:cmp").orElseThrow();
        ResourceType fwr = ResourceTypes.byRootName("m2m:fwr").orElseThrow();
        for (ResourceType t : specializations()) {
            assertThat(node.allowsChild(t)).as("%s under a node", t.rootName()).isTrue();
            assertThat(fwr.allowsChild(t)).as("%s under a firmware", t.rootName()).isFalse();
        }
        assertThat(autp.allowsChild(ResourceTypes.byRootName("dcfg:tac").orElseThrow())).isTrue();
        assertThat(autp.allowsChild(ResourceTypes.byRootName("dcfg:mecrc").orElseThrow())).isFalse();
        assertThat(autp.allowsChild(fwr)).isFalse();
        assertThat(cmp.allowsChild(ResourceTypes.byRootName("m2m:cmdf").orElseThrow())).isTrue();
        assertThat(cmp.allowsChild(ResourceTypes.byRootName("m2m:cmwr").orElseThrow())).isFalse();
        assertThat(ResourceTypes.get(ResourceTypes.CSE_BASE).allowsChild(fwr)).isFalse();
        assertThat(ResourceTypes.byRootName("m2m:mem").orElseThrow().placement().onePerParent()).isTrue();
        assertThat(fwr.placement().onePerParent()).isFalse();
    }
}
