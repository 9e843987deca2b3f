package io.bastion.core.resource;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.core.resource.AttributePolicy.Presence;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every attribute policy of {@link ResourceTypes} against TS-0004: the data type of the attribute tables of clause
 * 7.4 (and of the universal/common attributes, clause 6.3.6 / table 7.4.x.1-2), the request optionality of their
 * Create and Update columns (M, O, NP; "-" where the table has no column: the CSEBase is never created or updated
 * through the API, a contentInstance never updated), and the short names of clause 8.2.3. One row per attribute; an
 * attribute of the registry missing here fails {@link #everyAttributeOfTheRegistryIsListed}. The mgmtObj
 * specializations, several descriptors of one number, are checked by ManagementTypesSpecTest.
 */
class ResourceTypesSpecTest {

    /** ty | short name | TS-0004 data type | value type | create | update. */
    static final List<String> ROWS = List.of(
            // universal and common attributes (TS-0004 6.3.6, the tables 7.4.x.1-2)
            "1|ty|m2m:resourceType|INTEGER|NP|NP", "1|ri|m2m:ID|STRING|NP|NP", "1|rn|m2m:resourceName|NCNAME|O|NP",
            "1|pi|m2m:nhURI|STRING|NP|NP", "1|ct|m2m:timestamp|TIMESTAMP|NP|NP", "1|lt|m2m:timestamp|TIMESTAMP|NP|NP",
            "1|et|m2m:timestamp|TIMESTAMP|O|O", "1|lbl|m2m:labels|LABELS|O|O",
            // <accessControlPolicy>, 7.4.2 (no acpi, no daci)
            "1|pv|m2m:setOfAcrs|OBJECT|M|O", "1|pvs|m2m:setOfAcrs|OBJECT|M|O",
            "1|adri|m2m:listOfURIs|LIST_OF_URI|O|O", "1|apri|m2m:listOfURIs|LIST_OF_URI|O|O",
            "1|airi|m2m:listOfURIs|LIST_OF_URI|O|O",
            // <AE>, 7.4.5
            "2|ty|m2m:resourceType|INTEGER|NP|NP", "2|ri|m2m:ID|STRING|NP|NP", "2|rn|m2m:resourceName|NCNAME|O|NP",
            "2|pi|m2m:nhURI|STRING|NP|NP", "2|ct|m2m:timestamp|TIMESTAMP|NP|NP", "2|lt|m2m:timestamp|TIMESTAMP|NP|NP",
            "2|et|m2m:timestamp|TIMESTAMP|O|O", "2|lbl|m2m:labels|LABELS|O|O", "2|acpi|m2m:acpType|LIST_OF_URI|O|O",
            "2|daci|list of xs:anyURI|LIST_OF_URI|O|O",
            "2|apn|xs:string|STRING|O|O", "2|api|xs:string|STRING|M|NP", "2|aei|m2m:ID|ANY_URI|NP|NP",
            "2|poa|m2m:poaList|LIST_OF_STRING|O|O", "2|or|xs:anyURI|ANY_URI|O|O", "2|nl|xs:anyURI|ANY_URI|O|O",
            "2|rr|xs:boolean|BOOLEAN|M|O", "2|csz|m2m:serializations|SERIALIZATIONS|O|O",
            "2|esi|m2m:e2eSecInfo|E2E_SEC_INFO|O|O", "2|srv|m2m:supportedReleaseVersions|LIST_OF_STRING|M|O",
            // Release 4 (TS-0004 V4.8.0 short names only): location, optional and RW
            "2|loc|m2m:geoCoordinates|GEO_COORDINATES|O|O",
            // <container>, 7.4.6
            "3|ty|m2m:resourceType|INTEGER|NP|NP", "3|ri|m2m:ID|STRING|NP|NP", "3|rn|m2m:resourceName|NCNAME|O|NP",
            "3|pi|m2m:nhURI|STRING|NP|NP", "3|ct|m2m:timestamp|TIMESTAMP|NP|NP", "3|lt|m2m:timestamp|TIMESTAMP|NP|NP",
            "3|et|m2m:timestamp|TIMESTAMP|O|O", "3|lbl|m2m:labels|LABELS|O|O", "3|acpi|m2m:acpType|LIST_OF_URI|O|O",
            "3|daci|list of xs:anyURI|LIST_OF_URI|O|O", "3|st|xs:nonNegativeInteger|NON_NEG_INTEGER|NP|NP",
            "3|cr|m2m:ID|ANY_URI|O|NP",
            "3|mni|xs:nonNegativeInteger|NON_NEG_INTEGER|O|O", "3|mbs|xs:nonNegativeInteger|NON_NEG_INTEGER|O|O",
            "3|mia|xs:nonNegativeInteger|NON_NEG_INTEGER|O|O", "3|cni|xs:nonNegativeInteger|NON_NEG_INTEGER|NP|NP",
            "3|cbs|xs:nonNegativeInteger|NON_NEG_INTEGER|NP|NP", "3|li|xs:anyURI|ANY_URI|NP|NP",
            "3|or|xs:anyURI|ANY_URI|O|O", "3|disr|xs:boolean|BOOLEAN|O|O",
            "3|loc|m2m:geoCoordinates|GEO_COORDINATES|O|O",
            // <contentInstance>, 7.4.7 (no acpi, no daci; never updated)
            "4|ty|m2m:resourceType|INTEGER|NP|-", "4|ri|m2m:ID|STRING|NP|-", "4|rn|m2m:resourceName|NCNAME|O|-",
            "4|pi|m2m:nhURI|STRING|NP|-", "4|ct|m2m:timestamp|TIMESTAMP|NP|-", "4|lt|m2m:timestamp|TIMESTAMP|NP|-",
            "4|et|m2m:timestamp|TIMESTAMP|O|-", "4|lbl|m2m:labels|LABELS|O|-",
            "4|st|xs:nonNegativeInteger|NON_NEG_INTEGER|NP|-", "4|cr|m2m:ID|ANY_URI|O|-",
            "4|cnf|m2m:contentInfo|CONTENT_INFO|O|-", "4|cs|xs:nonNegativeInteger|NON_NEG_INTEGER|NP|-",
            "4|conr|m2m:contentRef|OBJECT|O|-", "4|or|xs:anyURI|ANY_URI|O|-", "4|con|xs:anyType|ANY|M|-",
            // <CSEBase>, 7.4.3 (no expirationTime; neither created nor updated through the API)
            "5|ty|m2m:resourceType|INTEGER|-|-", "5|ri|m2m:ID|STRING|-|-", "5|rn|m2m:resourceName|NCNAME|-|-",
            "5|pi|m2m:nhURI|STRING|-|-", "5|ct|m2m:timestamp|TIMESTAMP|-|-", "5|lt|m2m:timestamp|TIMESTAMP|-|-",
            "5|lbl|m2m:labels|LABELS|-|-", "5|acpi|m2m:acpType|LIST_OF_URI|-|-",
            "5|daci|list of xs:anyURI|LIST_OF_URI|-|-", "5|cst|m2m:cseTypeID|INTEGER|-|-", "5|csi|m2m:ID|STRING|-|-",
            "5|srt|list of m2m:resourceType|LIST_OF_INTEGER|-|-", "5|poa|m2m:poaList|LIST_OF_STRING|-|-",
            "5|nl|xs:anyURI|ANY_URI|-|-", "5|srv|m2m:supportedReleaseVersions|LIST_OF_STRING|-|-",
            "5|esi|m2m:e2eSecInfo|E2E_SEC_INFO|-|-",
            // <group>, 7.4.13
            "9|ty|m2m:resourceType|INTEGER|NP|NP", "9|ri|m2m:ID|STRING|NP|NP", "9|rn|m2m:resourceName|NCNAME|O|NP",
            "9|pi|m2m:nhURI|STRING|NP|NP", "9|ct|m2m:timestamp|TIMESTAMP|NP|NP", "9|lt|m2m:timestamp|TIMESTAMP|NP|NP",
            "9|et|m2m:timestamp|TIMESTAMP|O|O", "9|lbl|m2m:labels|LABELS|O|O", "9|acpi|m2m:acpType|LIST_OF_URI|O|O",
            "9|daci|list of xs:anyURI|LIST_OF_URI|O|O", "9|cr|m2m:ID|ANY_URI|O|NP",
            "9|mt|m2m:memberType|NON_NEG_INTEGER|O|NP", "9|cnm|xs:nonNegativeInteger|NON_NEG_INTEGER|NP|NP",
            "9|mnm|xs:positiveInteger|POSITIVE_INTEGER|M|O", "9|mid|list of xs:anyURI|LIST_OF_URI|M|O",
            "9|macp|m2m:listOfURIs|LIST_OF_URI|O|O", "9|mtv|xs:boolean|BOOLEAN|NP|NP",
            "9|csy|m2m:consistencyStrategy|POSITIVE_INTEGER|O|NP", "9|gn|xs:string|STRING|O|O",
            // <request>, 7.4.12 (made by the CSE only, never updated: TS-0001 10.2.5.5; pc is m2m:primitiveContent)
            // TS-0004 tables 7.4.4.1-2 and 7.4.4.1-3 (remoteCSE)
            "16|ty|m2m:resourceType|INTEGER|NP|NP", "16|ri|m2m:ID|STRING|NP|NP", "16|rn|m2m:resourceName|NCNAME|O|NP",
            "16|pi|m2m:nhURI|STRING|NP|NP", "16|ct|m2m:timestamp|TIMESTAMP|NP|NP",
            "16|lt|m2m:timestamp|TIMESTAMP|NP|NP", "16|et|m2m:timestamp|TIMESTAMP|O|O", "16|lbl|m2m:labels|LABELS|O|O",
            "16|acpi|m2m:acpType|LIST_OF_URI|O|O", "16|daci|list of xs:anyURI|LIST_OF_URI|O|O",
            "16|cst|m2m:cseTypeID|INTEGER|O|NP", "16|poa|m2m:poaList|LIST_OF_STRING|O|O",
            "16|cb|xs:anyURI|ANY_URI|M|NP", "16|csi|m2m:ID|STRING|O|NP", "16|mei|m2m:externalID|STRING|O|O",
            "16|tri|m2m:triggerRecipientID|STRING|O|O", "16|rr|xs:boolean|BOOLEAN|M|O", "16|nl|xs:anyURI|ANY_URI|O|O",
            "16|trn|xs:unsignedInt|NON_NEG_INTEGER|O|O", "16|csz|m2m:serializations|SERIALIZATIONS|O|O",
            "16|esi|m2m:e2eSecInfo|E2E_SEC_INFO|O|O", "16|dcse|m2m:listOfM2MID|LIST_OF_STRING|O|O",
            "16|srv|m2m:supportedReleaseVersions|LIST_OF_STRING|M|O", "16|mtcc|m2m:multicastCapability|ANY|O|O",
            "16|egid|m2m:externalID|STRING|O|O", "16|tren|xs:boolean|BOOLEAN|O|O",
            "16|ape|m2m:activityPatternElements|LIST_OF_OBJECT|O|O",
            "17|ty|m2m:resourceType|INTEGER|-|-", "17|ri|m2m:ID|STRING|-|-", "17|rn|m2m:resourceName|NCNAME|-|-",
            "17|pi|m2m:nhURI|STRING|-|-", "17|ct|m2m:timestamp|TIMESTAMP|-|-", "17|lt|m2m:timestamp|TIMESTAMP|-|-",
            "17|et|m2m:timestamp|TIMESTAMP|-|-", "17|lbl|m2m:labels|LABELS|-|-", "17|acpi|m2m:acpType|LIST_OF_URI|-|-",
            "17|daci|list of xs:anyURI|LIST_OF_URI|-|-", "17|st|xs:nonNegativeInteger|NON_NEG_INTEGER|-|-",
            "17|op|m2m:operation|INTEGER|-|-", "17|tg|xs:anyURI|ANY_URI|-|-", "17|org|m2m:ID|STRING|-|-",
            "17|rid|m2m:requestID|STRING|-|-", "17|mi|m2m:metaInformation|OBJECT|-|-",
            "17|pc|m2m:primitiveContent|ANY|-|-", "17|rs|m2m:requestStatus|INTEGER|-|-",
            "17|ors|m2m:operationResult|OBJECT|-|-",
            // <locationPolicy>, 7.4.10 (lon is an m2m:resourceName in effect: it names the container)
            "10|ty|m2m:resourceType|INTEGER|NP|NP", "10|ri|m2m:ID|STRING|NP|NP",
            "10|rn|m2m:resourceName|NCNAME|O|NP", "10|pi|m2m:nhURI|STRING|NP|NP",
            "10|ct|m2m:timestamp|TIMESTAMP|NP|NP", "10|lt|m2m:timestamp|TIMESTAMP|NP|NP",
            "10|et|m2m:timestamp|TIMESTAMP|O|O", "10|lbl|m2m:labels|LABELS|O|O",
            "10|acpi|m2m:acpType|LIST_OF_URI|O|O", "10|daci|list of xs:anyURI|LIST_OF_URI|O|O",
            "10|los|m2m:locationSource|NON_NEG_INTEGER|M|NP",
            "10|lit|m2m:locationInformationType|NON_NEG_INTEGER|O|O",
            "10|lou|list of xs:duration|LIST_OF_STRING|O|O", "10|lot|m2m:locationTargetID|STRING|O|NP",
            "10|lor|xs:anyURI|ANY_URI|O|NP", "10|loi|xs:anyURI|ANY_URI|NP|NP", "10|lon|xs:string|NCNAME|O|NP",
            "10|lost|xs:string|STRING|NP|NP", "10|gta|xs:anyType|ANY|O|O",
            "10|gec|m2m:geofenceEventCriteria|NON_NEG_INTEGER|O|O", "10|aid|m2m:externalID|STRING|O|NP",
            "10|rlkl|xs:boolean|BOOLEAN|O|O", "10|luec|m2m:locationUpdateEventCriteria|NON_NEG_INTEGER|O|O",
            // <pollingChannel>, 7.4.21 (universal attributes only: no acpi, no daci, no cr)
            "15|ty|m2m:resourceType|INTEGER|NP|NP", "15|ri|m2m:ID|STRING|NP|NP",
            "15|rn|m2m:resourceName|NCNAME|O|NP", "15|pi|m2m:nhURI|STRING|NP|NP",
            "15|ct|m2m:timestamp|TIMESTAMP|NP|NP", "15|lt|m2m:timestamp|TIMESTAMP|NP|NP",
            "15|et|m2m:timestamp|TIMESTAMP|O|O", "15|lbl|m2m:labels|LABELS|O|O",
            // <timeSeries>, 7.4.38 (no st)
            "29|ty|m2m:resourceType|INTEGER|NP|NP", "29|ri|m2m:ID|STRING|NP|NP", "29|rn|m2m:resourceName|NCNAME|O|NP",
            "29|pi|m2m:nhURI|STRING|NP|NP", "29|ct|m2m:timestamp|TIMESTAMP|NP|NP",
            "29|lt|m2m:timestamp|TIMESTAMP|NP|NP", "29|et|m2m:timestamp|TIMESTAMP|O|O", "29|lbl|m2m:labels|LABELS|O|O",
            "29|acpi|m2m:acpType|LIST_OF_URI|O|O", "29|daci|list of xs:anyURI|LIST_OF_URI|O|O",
            "29|cr|m2m:ID|ANY_URI|O|NP",
            "29|mni|xs:nonNegativeInteger|NON_NEG_INTEGER|O|O", "29|mbs|xs:nonNegativeInteger|NON_NEG_INTEGER|O|O",
            "29|mia|xs:nonNegativeInteger|NON_NEG_INTEGER|O|O", "29|cni|xs:nonNegativeInteger|NON_NEG_INTEGER|NP|NP",
            "29|cbs|xs:nonNegativeInteger|NON_NEG_INTEGER|NP|NP",
            "29|pei|xs:positiveInteger|POSITIVE_INTEGER|O|O", "29|peid|xs:nonNegativeInteger|NON_NEG_INTEGER|O|O",
            "29|mdd|xs:boolean|BOOLEAN|O|O", "29|mdn|xs:positiveInteger|POSITIVE_INTEGER|O|O",
            "29|mdlt|m2m:missingDataList|LIST_OF_STRING|NP|NP", "29|mdc|xs:nonNegativeInteger|NON_NEG_INTEGER|NP|NP",
            "29|mdt|xs:positiveInteger|POSITIVE_INTEGER|O|O", "29|or|xs:anyURI|ANY_URI|O|O",
            "29|cnf|m2m:contentInfo|CONTENT_INFO|O|NP",
            // Release 4 (TS-0004 V4.8.0 short names only): location, optional and RW
            "29|loc|m2m:geoCoordinates|GEO_COORDINATES|O|O",
            // <timeSeriesInstance>, 7.4.39 (no acpi, no cr, no st; never updated)
            "30|ty|m2m:resourceType|INTEGER|NP|-", "30|ri|m2m:ID|STRING|NP|-", "30|rn|m2m:resourceName|NCNAME|O|-",
            "30|pi|m2m:nhURI|STRING|NP|-", "30|ct|m2m:timestamp|TIMESTAMP|NP|-", "30|lt|m2m:timestamp|TIMESTAMP|NP|-",
            "30|et|m2m:timestamp|TIMESTAMP|O|-", "30|lbl|m2m:labels|LABELS|O|-",
            "30|dgt|m2m:absRelTimestamp|ABS_REL_TIMESTAMP|M|-", "30|con|xs:anySimpleType|ANY|M|-",
            "30|snr|xs:nonNegativeInteger|NON_NEG_INTEGER|O|-", "30|cs|xs:nonNegativeInteger|NON_NEG_INTEGER|NP|-",
            // <subscription>, 7.4.8
            "23|ty|m2m:resourceType|INTEGER|NP|NP", "23|ri|m2m:ID|STRING|NP|NP", "23|rn|m2m:resourceName|NCNAME|O|NP",
            "23|pi|m2m:nhURI|STRING|NP|NP", "23|ct|m2m:timestamp|TIMESTAMP|NP|NP",
            "23|lt|m2m:timestamp|TIMESTAMP|NP|NP", "23|et|m2m:timestamp|TIMESTAMP|O|O", "23|lbl|m2m:labels|LABELS|O|O",
            "23|acpi|m2m:acpType|LIST_OF_URI|O|O", "23|daci|list of xs:anyURI|LIST_OF_URI|O|O",
            "23|cr|m2m:ID|ANY_URI|O|NP", "23|enc|m2m:eventNotificationCriteria|OBJECT|O|O",
            "23|exc|xs:positiveInteger|POSITIVE_INTEGER|O|O", "23|nu|list of xs:anyURI|LIST_OF_URI|M|O",
            "23|gpi|xs:anyURI|ANY_URI|O|O", "23|nfu|xs:anyURI|ANY_URI|O|O", "23|bn|m2m:batchNotify|OBJECT|O|O",
            "23|rl|m2m:rateLimit|OBJECT|O|O", "23|psn|xs:positiveInteger|POSITIVE_INTEGER|O|NP",
            "23|pn|m2m:pendingNotification|POSITIVE_INTEGER|O|O",
            "23|nsp|xs:positiveInteger|POSITIVE_INTEGER|O|O", "23|ln|xs:boolean|BOOLEAN|O|O",
            "23|nct|m2m:notificationContentType|POSITIVE_INTEGER|O|O", "23|nec|m2m:eventCat|EVENT_CAT|O|O",
            "23|su|xs:anyURI|ANY_URI|O|NP",
            // Release 4 (TS-0004 V4.8.0 short names; the attribute table is not available here): nse optional and
            // RW, nsi maintained by the CSE
            "23|nse|xs:boolean|BOOLEAN|O|O", "23|nsi|list of m2m:notificationStatsInfo|LIST_OF_OBJECT|NP|NP",
            // acrs is O/O in table 7.4.8.1-3, but only the crossResourceSubscription Hosting CSE may modify it, and
            // this CSE is the only one for its subscriptions: read-only for requests
            "23|acrs|m2m:listOfURIs|LIST_OF_URI|NP|NP",
            // <crossResourceSubscription>, 7.4.58
            "48|ty|m2m:resourceType|INTEGER|NP|NP", "48|ri|m2m:ID|STRING|NP|NP", "48|rn|m2m:resourceName|NCNAME|O|NP",
            "48|pi|m2m:nhURI|STRING|NP|NP", "48|ct|m2m:timestamp|TIMESTAMP|NP|NP",
            "48|lt|m2m:timestamp|TIMESTAMP|NP|NP", "48|et|m2m:timestamp|TIMESTAMP|O|O", "48|lbl|m2m:labels|LABELS|O|O",
            "48|acpi|m2m:acpType|LIST_OF_URI|O|O", "48|daci|list of xs:anyURI|LIST_OF_URI|O|O",
            "48|cr|m2m:ID|ANY_URI|O|NP", "48|rrat|m2m:listOfURIs|LIST_OF_URI|O|NP",
            "48|srat|m2m:listOfURIs|LIST_OF_URI|O|NP", "48|rrats|m2m:listOfURIs|LIST_OF_URI|NP|NP",
            "48|twt|m2m:timeWindowType|POSITIVE_INTEGER|M|O", "48|tws|xs:duration|STRING|M|O",
            "48|encs|m2m:eventNotificationCriteriaSet|OBJECT|O|NP", "48|nec|m2m:eventCat|EVENT_CAT|O|NP",
            "48|exc|xs:positiveInteger|POSITIVE_INTEGER|O|O", "48|nu|list of xs:anyURI|LIST_OF_URI|M|O",
            "48|su|xs:anyURI|ANY_URI|O|NP",
            // <schedule>, 7.4.9 (no announcement: at and aa are not served)
            "18|ty|m2m:resourceType|INTEGER|NP|NP", "18|ri|m2m:ID|STRING|NP|NP", "18|rn|m2m:resourceName|NCNAME|O|NP",
            "18|pi|m2m:nhURI|STRING|NP|NP", "18|ct|m2m:timestamp|TIMESTAMP|NP|NP",
            "18|lt|m2m:timestamp|TIMESTAMP|NP|NP", "18|et|m2m:timestamp|TIMESTAMP|O|O", "18|lbl|m2m:labels|LABELS|O|O",
            "18|acpi|m2m:acpType|LIST_OF_URI|O|O", "18|daci|list of xs:anyURI|LIST_OF_URI|O|O",
            "18|se|m2m:scheduleEntries|OBJECT|M|O", "18|nco|xs:boolean|BOOLEAN|O|O",
            // <notificationTargetMgmtPolicyRef>, 7.4.30
            "25|ty|m2m:resourceType|INTEGER|NP|NP", "25|ri|m2m:ID|STRING|NP|NP", "25|rn|m2m:resourceName|NCNAME|O|NP",
            "25|pi|m2m:nhURI|STRING|NP|NP", "25|ct|m2m:timestamp|TIMESTAMP|NP|NP",
            "25|lt|m2m:timestamp|TIMESTAMP|NP|NP", "25|et|m2m:timestamp|TIMESTAMP|O|O", "25|lbl|m2m:labels|LABELS|O|O",
            "25|acpi|m2m:acpType|LIST_OF_URI|O|O", "25|daci|list of xs:anyURI|LIST_OF_URI|O|O",
            "25|ntu|list of xs:anyURI|LIST_OF_URI|M|O", "25|npi|xs:anyURI|ANY_URI|O|O",
            // <notificationTargetPolicy>, 7.4.31; acn and plbl are M on create here (TS-0001 9.6.32 multiplicity 1,
            // no default in TS-0004, which marks them O)
            "26|ty|m2m:resourceType|INTEGER|NP|NP", "26|ri|m2m:ID|STRING|NP|NP", "26|rn|m2m:resourceName|NCNAME|O|NP",
            "26|pi|m2m:nhURI|STRING|NP|NP", "26|ct|m2m:timestamp|TIMESTAMP|NP|NP",
            "26|lt|m2m:timestamp|TIMESTAMP|NP|NP", "26|et|m2m:timestamp|TIMESTAMP|O|O", "26|lbl|m2m:labels|LABELS|O|O",
            "26|acpi|m2m:acpType|LIST_OF_URI|O|O", "26|daci|list of xs:anyURI|LIST_OF_URI|O|O",
            "26|cr|m2m:ID|ANY_URI|O|NP", "26|acn|m2m:notificationTargetPolicyAction|POSITIVE_INTEGER|M|NP",
            "26|plbl|xs:token|STRING|M|O", "26|rrs|m2m:logicalOperator|POSITIVE_INTEGER|O|O",
            // <policyDeletionRules>, 7.4.32
            "27|ty|m2m:resourceType|INTEGER|NP|NP", "27|ri|m2m:ID|STRING|NP|NP", "27|rn|m2m:resourceName|NCNAME|O|NP",
            "27|pi|m2m:nhURI|STRING|NP|NP", "27|ct|m2m:timestamp|TIMESTAMP|NP|NP",
            "27|lt|m2m:timestamp|TIMESTAMP|NP|NP", "27|et|m2m:timestamp|TIMESTAMP|O|O", "27|lbl|m2m:labels|LABELS|O|O",
            "27|acpi|m2m:acpType|LIST_OF_URI|O|O", "27|daci|list of xs:anyURI|LIST_OF_URI|O|O",
            "27|dr|m2m:deletionContexts|OBJECT|O|NP", "27|drr|m2m:logicalOperator|POSITIVE_INTEGER|O|O",
            // <role>, 7.4.40
            "31|ty|m2m:resourceType|INTEGER|NP|NP", "31|ri|m2m:ID|STRING|NP|NP", "31|rn|m2m:resourceName|NCNAME|O|NP",
            "31|pi|m2m:nhURI|STRING|NP|NP", "31|ct|m2m:timestamp|TIMESTAMP|NP|NP",
            "31|lt|m2m:timestamp|TIMESTAMP|NP|NP", "31|et|m2m:timestamp|TIMESTAMP|O|O", "31|lbl|m2m:labels|LABELS|O|O",
            "31|acpi|m2m:acpType|LIST_OF_URI|O|O", "31|daci|list of xs:anyURI|LIST_OF_URI|O|O",
            "31|rlid|m2m:roleID|STRING|M|NP", "31|tkis|m2m:ID|STRING|M|NP", "31|tkhd|m2m:ID|STRING|M|NP",
            "31|tknb|m2m:timestamp|TIMESTAMP|M|NP", "31|tkna|m2m:timestamp|TIMESTAMP|M|NP",
            "31|rlnm|xs:string|STRING|O|NP", "31|rltl|xs:anyURI|ANY_URI|O|O",
            // <token>, 7.4.41
            "32|ty|m2m:resourceType|INTEGER|NP|NP", "32|ri|m2m:ID|STRING|NP|NP", "32|rn|m2m:resourceName|NCNAME|O|NP",
            "32|pi|m2m:nhURI|STRING|NP|NP", "32|ct|m2m:timestamp|TIMESTAMP|NP|NP",
            "32|lt|m2m:timestamp|TIMESTAMP|NP|NP", "32|et|m2m:timestamp|TIMESTAMP|O|O", "32|lbl|m2m:labels|LABELS|O|O",
            "32|acpi|m2m:acpType|LIST_OF_URI|O|O", "32|daci|list of xs:anyURI|LIST_OF_URI|O|O",
            "32|tkid|m2m:tokenID|STRING|M|NP", "32|tkob|m2m:dynAuthJWT|STRING|M|NP", "32|vr|xs:string|STRING|O|NP",
            "32|tkis|m2m:ID|STRING|O|NP", "32|tkhd|m2m:ID|STRING|O|NP", "32|tknb|m2m:timestamp|TIMESTAMP|O|NP",
            "32|tkna|m2m:timestamp|TIMESTAMP|O|NP", "32|tknm|xs:string|STRING|O|NP",
            "32|tkau|list of m2m:ID|LIST_OF_STRING|O|NP", "32|tkps|m2m:tokenPermissions|OBJECT|O|NP",
            "32|tkex|xs:string|STRING|O|NP",
            // <dynamicAuthorizationConsultation>, 7.4.36. dal is m2m:timestamp, but DASes send it as an
            // absRelTimestamp (the ppl of their answers): a string whose both forms DacBehaviour checks.
            "34|ty|m2m:resourceType|INTEGER|NP|NP", "34|ri|m2m:ID|STRING|NP|NP", "34|rn|m2m:resourceName|NCNAME|O|NP",
            "34|pi|m2m:nhURI|STRING|NP|NP", "34|ct|m2m:timestamp|TIMESTAMP|NP|NP",
            "34|lt|m2m:timestamp|TIMESTAMP|NP|NP", "34|et|m2m:timestamp|TIMESTAMP|O|O", "34|lbl|m2m:labels|LABELS|O|O",
            "34|acpi|m2m:acpType|LIST_OF_URI|O|O", "34|daci|list of xs:anyURI|LIST_OF_URI|O|O",
            "34|dae|xs:boolean|BOOLEAN|M|O", "34|dap|m2m:poaList|LIST_OF_URI|M|O",
            "34|dal|m2m:timestamp (or absRelTimestamp)|STRING|O|O",
            "35|ty|m2m:resourceType|INTEGER|NP|NP",
            "35|ri|m2m:ID|STRING|NP|NP",
            "35|rn|m2m:resourceName|NCNAME|O|NP",
            "35|pi|m2m:nhURI|STRING|NP|NP",
            "35|ct|m2m:timestamp|TIMESTAMP|NP|NP",
            "35|lt|m2m:timestamp|TIMESTAMP|NP|NP",
            "35|et|m2m:timestamp|TIMESTAMP|O|O",
            "35|lbl|m2m:labels|LABELS|O|O",
            "35|acpi|m2m:acpType|LIST_OF_URI|O|O",
            "35|daci|list of xs:anyURI|LIST_OF_URI|O|O",
            "35|dec|m2m:authorizationDecision|POSITIVE_INTEGER|NP|NP",
            "35|sus|m2m:authorizationStatus|POSITIVE_INTEGER|NP|NP",
            "35|to|xs:anyURI|ANY_URI|O|O",
            "35|fr|m2m:ID|STRING|O|O",
            "35|op|m2m:operation|POSITIVE_INTEGER|O|O",
            "35|rrt|m2m:resourceType|INTEGER|O|O",
            "35|fu|m2m:filterCriteria|ANY|O|O",
            "35|rids|list of m2m:roleID|LIST_OF_STRING|O|O",
            "35|tids|list of m2m:tokenID|LIST_OF_STRING|O|O",
            "35|tkns|list of m2m:dynAuthJWT|LIST_OF_STRING|O|O",
            "35|rtm|m2m:timestamp|TIMESTAMP|O|O",
            "35|olo|m2m:locationRegion|OBJECT|O|O",
            "35|oip|m2m:ipAddress|OBJECT|O|O",
            "36|ty|m2m:resourceType|INTEGER|NP|NP",
            "36|ri|m2m:ID|STRING|NP|NP",
            "36|rn|m2m:resourceName|NCNAME|O|NP",
            "36|pi|m2m:nhURI|STRING|NP|NP",
            "36|ct|m2m:timestamp|TIMESTAMP|NP|NP",
            "36|lt|m2m:timestamp|TIMESTAMP|NP|NP",
            "36|et|m2m:timestamp|TIMESTAMP|O|O",
            "36|lbl|m2m:labels|LABELS|O|O",
            "36|acpi|m2m:acpType|LIST_OF_URI|O|O",
            "36|daci|list of xs:anyURI|LIST_OF_URI|O|O",
            "36|ps|m2m:setOfPermissions|OBJECT|NP|NP",
            "36|ca|m2m:acpCombiningAlgorithm|POSITIVE_INTEGER|NP|NP",
            "36|sus|m2m:authorizationStatus|POSITIVE_INTEGER|NP|NP",
            "36|to|xs:anyURI|ANY_URI|O|O",
            "37|ty|m2m:resourceType|INTEGER|NP|NP",
            "37|ri|m2m:ID|STRING|NP|NP",
            "37|rn|m2m:resourceName|NCNAME|O|NP",
            "37|pi|m2m:nhURI|STRING|NP|NP",
            "37|ct|m2m:timestamp|TIMESTAMP|NP|NP",
            "37|lt|m2m:timestamp|TIMESTAMP|NP|NP",
            "37|et|m2m:timestamp|TIMESTAMP|O|O",
            "37|lbl|m2m:labels|LABELS|O|O",
            "37|acpi|m2m:acpType|LIST_OF_URI|O|O",
            "37|daci|list of xs:anyURI|LIST_OF_URI|O|O",
            "37|sus|m2m:authorizationStatus|POSITIVE_INTEGER|NP|NP",
            "37|fr|m2m:ID|STRING|O|O",
            "37|rids|list of m2m:roleID|LIST_OF_STRING|O|O",
            "37|tids|list of m2m:tokenID|LIST_OF_STRING|O|O",
            // <flexContainer>, 7.4.37 (tables 7.4.37.1-1 and -2; cr NP on update, st NP as everywhere). mni to cbs
            // are Release 4 (short names only): typed and optional as the container's (7.4.6)
            "28|ty|m2m:resourceType|INTEGER|NP|NP", "28|ri|m2m:ID|STRING|NP|NP", "28|rn|m2m:resourceName|NCNAME|O|NP",
            "28|loc|m2m:geoCoordinates|GEO_COORDINATES|O|O",
            "28|pi|m2m:nhURI|STRING|NP|NP", "28|ct|m2m:timestamp|TIMESTAMP|NP|NP",
            "28|lt|m2m:timestamp|TIMESTAMP|NP|NP", "28|et|m2m:timestamp|TIMESTAMP|O|O", "28|lbl|m2m:labels|LABELS|O|O",
            "28|acpi|m2m:acpType|LIST_OF_URI|O|O", "28|daci|list of xs:anyURI|LIST_OF_URI|O|O",
            "28|st|xs:nonNegativeInteger|NON_NEG_INTEGER|NP|NP", "28|cr|m2m:ID|ANY_URI|O|NP",
            "28|cnd|xs:anyURI|ANY_URI|M|NP", "28|or|xs:anyURI|ANY_URI|O|O",
            "28|cs|xs:nonNegativeInteger|NON_NEG_INTEGER|NP|NP", "28|nl|xs:anyURI|ANY_URI|O|O",
            "28|mni|xs:nonNegativeInteger|NON_NEG_INTEGER|O|O", "28|mbs|xs:nonNegativeInteger|NON_NEG_INTEGER|O|O",
            "28|mia|xs:nonNegativeInteger|NON_NEG_INTEGER|O|O", "28|cni|xs:nonNegativeInteger|NON_NEG_INTEGER|NP|NP",
            "28|cbs|xs:nonNegativeInteger|NON_NEG_INTEGER|NP|NP",
            // <flexContainerInstance>, Release 4 with no table here: made by the CSE, never created nor updated by a
            // request; cs typed as a contentInstance's
            "58|ty|m2m:resourceType|INTEGER|-|-", "58|ri|m2m:ID|STRING|-|-", "58|rn|m2m:resourceName|NCNAME|-|-",
            "58|pi|m2m:nhURI|STRING|-|-", "58|ct|m2m:timestamp|TIMESTAMP|-|-", "58|lt|m2m:timestamp|TIMESTAMP|-|-",
            "58|et|m2m:timestamp|TIMESTAMP|-|-", "58|lbl|m2m:labels|LABELS|-|-",
            "58|cs|xs:nonNegativeInteger|NON_NEG_INTEGER|-|-",
            // <node>, 7.4.18 (nty is Release 4 only, its type unknown here: not implemented)
            "14|ty|m2m:resourceType|INTEGER|NP|NP", "14|ri|m2m:ID|STRING|NP|NP", "14|rn|m2m:resourceName|NCNAME|O|NP",
            "14|pi|m2m:nhURI|STRING|NP|NP", "14|ct|m2m:timestamp|TIMESTAMP|NP|NP",
            "14|lt|m2m:timestamp|TIMESTAMP|NP|NP", "14|et|m2m:timestamp|TIMESTAMP|O|O", "14|lbl|m2m:labels|LABELS|O|O",
            "14|acpi|m2m:acpType|LIST_OF_URI|O|O", "14|daci|list of xs:anyURI|LIST_OF_URI|O|O",
            "14|ni|m2m:nodeID|STRING|M|O", "14|hcl|m2m:ID|STRING|O|O", "14|hael|m2m:listOfM2MID|LIST_OF_STRING|O|O",
            "14|hsl|m2m:listOfM2MID|LIST_OF_STRING|O|O", "14|mgca|xs:string|STRING|O|O",
            "14|rms|xs:boolean|BOOLEAN|NP|NP", "14|nid|xs:string|STRING|NP|NP");

    static Stream<Arguments> rows() {
        return ROWS.stream().map(r -> Arguments.of((Object[]) r.split("\\|")));
    }

    @ParameterizedTest(name = "ty {0} {1}: {2} -> {3}, create {4}, update {5}")
    @MethodSource("rows")
    void attributePolicyFollowsTs0004(String ty, String sn, String specType, String valueType, String create,
                                      String update) {
        assertFollowsRow(ResourceTypes.get(Integer.parseInt(ty)), "ty " + ty, sn, specType, valueType, create, update);
    }

    /**
     * One row of a TS-0004 attribute table against a descriptor: the attribute exists with the row's value type and,
     * unless the column says {@code -}, the row's presence on CREATE and UPDATE (M, O, NP).
     */
    static void assertFollowsRow(ResourceType t, String which, String sn, String specType, String valueType,
                                 String create, String update) {
        AttributePolicy p = t.attribute(sn);
        assertThat(p).as("%s has %s (%s)", which, sn, specType).isNotNull();
        assertThat(p.type()).as("value type of %s (%s)", sn, specType).isEqualTo(ValueType.valueOf(valueType));
        if (!create.equals("-")) {
            assertThat(p.onCreate()).as("%s on CREATE", sn).isEqualTo(presence(create));
        }
        if (!update.equals("-")) {
            assertThat(p.onUpdate()).as("%s on UPDATE", sn).isEqualTo(presence(update));
        }
    }

    @Test
    void everyAttributeOfTheRegistryIsListed() {
        Set<String> listed = new HashSet<>();
        ROWS.forEach(r -> {
            String[] c = r.split("\\|");
            listed.add(c[0] + "|" + c[1]);
        });
        for (int ty : ResourceTypes.supported()) {
            // the announced variants are derived from these rows, and at/aa are common: AnnouncedTypesTest
            if (ResourceTypes.registry().allOf(ty).size() > 1 || ResourceTypes.get(ty).isAnnounced()) {
                continue;
            }
            for (String sn : ResourceTypes.get(ty).attributes().keySet()) {
                if (sn.equals("at") || sn.equals("aa")) {
                    continue;
                }
                assertThat(listed).as("ty %d attribute %s is listed with its TS-0004 data type", ty, sn)
                        .contains(ty + "|" + sn);
            }
        }
        assertThat(listed).hasSize(ROWS.size());
    }

    private static Presence presence(String column) {
        return switch (column) {
            case "M" -> Presence.MANDATORY;
            case "O" -> Presence.OPTIONAL;
            case "NP" -> Presence.NOT_PERMITTED;
            default -> throw new IllegalArgumentException(column);
        };
    }
}
