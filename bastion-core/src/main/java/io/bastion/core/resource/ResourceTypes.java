package io.bastion.core.resource;

import static io.bastion.core.primitive.Operation.CREATE;
import static io.bastion.core.primitive.Operation.DELETE;
import static io.bastion.core.primitive.Operation.UPDATE;
import static io.bastion.core.resource.AttributePolicy.ro;
import static io.bastion.core.resource.AttributePolicy.rw;
import static io.bastion.core.resource.AttributePolicy.rwMandatory;
import static io.bastion.core.resource.AttributePolicy.wo;
import static io.bastion.core.resource.AttributePolicy.woMandatory;
import static io.bastion.core.resource.ValueType.ABS_REL_TIMESTAMP;
import static io.bastion.core.resource.ValueType.ANY;
import static io.bastion.core.resource.ValueType.ANY_URI;
import static io.bastion.core.resource.ValueType.E2E_SEC_INFO;
import static io.bastion.core.resource.ValueType.BOOLEAN;
import static io.bastion.core.resource.ValueType.CONTENT_INFO;
import static io.bastion.core.resource.ValueType.EVENT_CAT;
import static io.bastion.core.resource.ValueType.GEO_COORDINATES;
import static io.bastion.core.resource.ValueType.INTEGER;
import static io.bastion.core.resource.ValueType.LIST_OF_INTEGER;
import static io.bastion.core.resource.ValueType.LIST_OF_OBJECT;
import static io.bastion.core.resource.ValueType.LIST_OF_STRING;
import static io.bastion.core.resource.ValueType.LIST_OF_URI;
import static io.bastion.core.resource.ValueType.NCNAME;
import static io.bastion.core.resource.ValueType.NON_NEG_INTEGER;
import static io.bastion.core.resource.ValueType.OBJECT;
import static io.bastion.core.resource.ValueType.POSITIVE_INTEGER;
import static io.bastion.core.resource.ValueType.SERIALIZATIONS;
import static io.bastion.core.resource.ValueType.STRING;
import static io.bastion.core.resource.ValueType.TIMESTAMP;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The registry of supported resource types and their attribute policies (TS-0004 clause 7.4, short names from
 * TS-0004 clause 8.2.3), with what else generic code asks about a type: its virtual children, whether requests may
 * create, update or delete it. Handlers look types up here instead of switching on numbers. Every value type follows the
 * data type of the attribute's table in TS-0004 7.4 (checked attribute by attribute in ResourceTypesSpecTest), except
 * {@code dal}, see below; {@code conr} (m2m:contentRef) is an object whose elements are kept as given. The
 * subscription's {@code nse} and {@code nsi} are Release 4 attributes (TS-0004 V4.8.0 short names; their table is not
 * available here): {@code nse} an optional RW xs:boolean, {@code nsi} a read-only list of m2m:notificationStatsInfo
 * ({@code io.bastion.cse.subscription.NotificationStats}). {@code loc} (location) of the AE and the container is
 * Release 4 too (short names only): an optional RW m2m:geoCoordinates, {@code {typ, crd}} in GeoJSON's [longitude,
 * latitude] order ({@link io.bastion.core.geo.GeoCoordinates}), which geo-queries of discovery match. The
 * subscription's {@code acrs} (associatedCrossResourceSub) is optional on create and update in TS-0004 table 7.4.8.1-3,
 * but "shall only be modified by a &lt;crossResourceSubscription&gt; Hosting CSE"; this CSE serves such subscriptions
 * over its own resources only, so it is the only writer and a request naming {@code acrs} is refused (read-only).
 */
public final class ResourceTypes {
    public static final int ACP = 1;
    public static final int AE = 2;
    public static final int CNT = 3;
    public static final int CIN = 4;
    public static final int CSE_BASE = 5;
    public static final int GRP = 9;
    public static final int LCP = 10;
    public static final int MGMT_OBJ = ManagementTypes.MGMT_OBJ;
    public static final int NODE = ManagementTypes.NODE;
    public static final int PCH = 15;
    public static final int CSR = 16;
    public static final int REQ = 17;
    public static final int SCH = 18;
    public static final int SUB = 23;
    public static final int NTPR = 25;
    public static final int NTP = 26;
    public static final int PDR = 27;
    public static final int TS = 29;
    public static final int TSI = 30;
    public static final int ROL = 31;
    public static final int TK = 32;
    public static final int DAC = 34;
    /** authorizationDecision: a Policy Decision Point (TS-0001 9.6.41, TS-0003 7.5.2). */
    public static final int AUDS = 35;
    /** authorizationPolicy: a Policy Retrieval Point (TS-0001 9.6.42, TS-0003 7.5.3). */
    public static final int AUPY = 36;
    /** authorizationInformation: a Policy Information Point (TS-0001 9.6.43, TS-0003 7.5.4). */
    public static final int AUIF = 37;
    /** crossResourceSubscription (TS-0004 table 6.3.4.2.1-1). */
    public static final int CRS = 48;
    public static final int FCNT = 28;
    /**
     * flexContainerInstance: no text available here numbers it (TS-0004 V3.32 table 6.3.4.2.1-1 stops at 51, the
     * Release 4 short-name data names no type for it); 58 is the number other CSEs use (ACME's {@code Types.py}),
     * which the project's digest of Release 4 repeats.
     */
    public static final int FCI = 58;

    /** The announced variants (TS-0004 table 6.3.4.2.1-1): 10000 + the original's number. */
    public static final int ACP_ANNC = 10001;
    public static final int AE_ANNC = 10002;
    public static final int CNT_ANNC = 10003;
    public static final int CIN_ANNC = 10004;
    public static final int GRP_ANNC = 10009;
    public static final int MGMT_OBJ_ANNC = 10013;
    public static final int NODE_ANNC = 10014;
    public static final int FCNT_ANNC = 10028;
    public static final int TS_ANNC = 10029;
    public static final int TSI_ANNC = 10030;

    /**
     * The flexContainer's custom attributes (TS-0001 9.6.35) without a schema: at most 100, adding up to at most 64
     * KiB ({@code cs}), nested at most 8 deep, named by an NCName of at most 64 characters; never a universal or
     * common attribute name (TS-0004 table 8.2.3-1, Release 4's {@code cstn} and {@code loc} included) nor one of the
     * flexContainer's own, nor {@code ch}, which a RETRIEVE with rcn 5 adds beside them.
     */
    public static final OpenSpecialization FLEX_CONTAINER_CUSTOM = new OpenSpecialization(100, 65_536, 8, 64,
            java.util.Set.of("ty", "ri", "rn", "pi", "ct", "lt", "et", "lbl", "acpi", "daci", "at", "aa", "ast",
                    "lnk", "st", "cr", "cstn", "hld", "cnd", "or", "cs", "nl", "mni", "mbs", "mia", "cni", "cbs",
                    "loc", "ch"));

    /** {@code la}: the latest contentInstance of a container, timeSeriesInstance of a timeSeries (TS-0001 9.6.27). */
    public static final VirtualChild LATEST = new VirtualChild("la", false);
    /** {@code ol}: the oldest contentInstance of a container, timeSeriesInstance of a timeSeries (TS-0001 9.6.28). */
    public static final VirtualChild OLDEST = new VirtualChild("ol", false);
    /** {@code fopt}: a group's fanOutPoint, followed by a path below each member (TS-0001 9.6.14). */
    public static final VirtualChild FAN_OUT_POINT = new VirtualChild("fopt", true);
    /** {@code pcu}: a pollingChannel's pollingChannelURI, where its owner long-polls (TS-0001 9.6.22). */
    public static final VirtualChild POLLING_CHANNEL_URI = new VirtualChild("pcu", false);

    /**
     * {@code ntsr}: a subscription's notificationTargetSelfReference (TS-0001 9.6.34, TS-0004 7.4.33), which a
     * notification target DELETEs to leave the subscription's {@code nu}; its behaviour decides who may.
     */
    public static final VirtualChild NOTIFICATION_TARGET_SELF_REFERENCE = new VirtualChild("ntsr", false, true);

    /**
     * The limits and counters of a resource that keeps instances, in the container's order (TS-0004 7.4.6; the
     * flexContainer's, 7.4.37, and the timeSeries', 7.4.38, are the same): the CSE keeps them with one InstanceStore.
     */
    private static AttributePolicy[] instanceLimits() {
        return new AttributePolicy[] {rw("mni", NON_NEG_INTEGER), rw("mbs", NON_NEG_INTEGER),
                rw("mia", NON_NEG_INTEGER), ro("cni", NON_NEG_INTEGER), ro("cbs", NON_NEG_INTEGER)};
    }

    private static final List<ResourceType> ORIGINALS = Stream.concat(Stream.of(
            ResourceType.builder(ACP, "acp", "accessControlPolicy").audited()
                    .attributes(rwMandatory("pv", OBJECT), rwMandatory("pvs", OBJECT),
                            rw("adri", LIST_OF_URI), rw("apri", LIST_OF_URI), rw("airi", LIST_OF_URI))
                    .children(SUB)
                    .announceable(ACP_ANNC, List.of("pv", "pvs", "adri", "apri", "airi"), List.of())
                    .build(),
            ResourceType.builder(AE, "ae", "AE").withAcpi()
                    .attributes(woMandatory("api", STRING), rw("apn", STRING), ro("aei", ANY_URI),
                            rw("poa", LIST_OF_STRING), rw("or", ANY_URI), rw("nl", ANY_URI).linksTo(NODE),
                            rwMandatory("rr", BOOLEAN), rw("csz", SERIALIZATIONS),
                            rwMandatory("srv", LIST_OF_STRING), rw("esi", E2E_SEC_INFO), rw("loc", GEO_COORDINATES))
                    .children(ACP, CNT, GRP, SUB, DAC, FCNT, TS, CRS, PCH)
                    .announceable(AE_ANNC, List.of("esi", "srv"),
                            List.of("daci", "apn", "api", "aei", "poa", "or", "rr", "nl", "csz", "loc"))
                    .build(),
            // TS-0001 9.6.4, TS-0004 7.4.4: a registered CSE, or this CSE's registrar. cst, cb and csi are fixed at
            // registration; nl may name a <node> on another CSE, so it is not checked against this CSE's nodes.
            ResourceType.builder(CSR, "csr", "remoteCSE").withAcpi()
                    .attributes(wo("cst", INTEGER), rw("poa", LIST_OF_STRING), woMandatory("cb", ANY_URI),
                            wo("csi", STRING), rw("mei", STRING), rw("tri", STRING), rwMandatory("rr", BOOLEAN),
                            rw("nl", ANY_URI), rw("trn", NON_NEG_INTEGER), rw("csz", SERIALIZATIONS),
                            rw("esi", E2E_SEC_INFO), rw("dcse", LIST_OF_STRING), rwMandatory("srv", LIST_OF_STRING),
                            rw("mtcc", ANY), rw("egid", STRING), rw("tren", BOOLEAN), rw("ape", LIST_OF_OBJECT))
                    .children(ACP, CNT, GRP, SUB, DAC, FCNT, TS, ACP_ANNC, AE_ANNC, CNT_ANNC, GRP_ANNC,
                            MGMT_OBJ_ANNC, NODE_ANNC, FCNT_ANNC, TS_ANNC)
                    .build(),
            ResourceType.builder(CNT, "cnt", "container").withAcpi().withStateTag()
                    .attributes(wo("cr", ANY_URI))
                    .attributes(instanceLimits())
                    .attributes(ro("li", ANY_URI), rw("or", ANY_URI), rw("disr", BOOLEAN), rw("loc", GEO_COORDINATES))
                    .children(CNT, CIN, SUB, FCNT, TS)
                    .virtualChildren(LATEST, OLDEST)
                    .announceable(CNT_ANNC, List.of(), List.of("daci", "mni", "mbs", "mia", "li", "or", "disr", "loc"))
                    .build(),
            // TS-0004 7.4.7.2.3: a contentInstance is never updated.
            ResourceType.builder(CIN, "cin", "contentInstance").withStateTag()
                    .attributes(wo("cr", ANY_URI), wo("cnf", CONTENT_INFO), ro("cs", NON_NEG_INTEGER),
                            wo("conr", OBJECT), wo("or", ANY_URI), woMandatory("con", ANY))
                    .notByRequest(UPDATE)
                    .announceable(CIN_ANNC, List.of(), List.of("cnf", "conr", "or", "con"))
                    .build(),
            // TS-0004 7.4.3.1: no expirationTime; it is neither created, updated nor deleted through the API
            // (7.4.3.2.1 to 7.4.3.2.4), whoever asks, the admin included: the CSE makes it from its configuration.
            ResourceType.builder(CSE_BASE, "cb", "CSEBase").withAcpi().without("et")
                    .attributes(ro("csi", STRING), ro("cst", INTEGER), ro("srt", LIST_OF_INTEGER),
                            ro("poa", LIST_OF_STRING), ro("nl", ANY_URI), ro("srv", LIST_OF_STRING),
                            ro("esi", E2E_SEC_INFO))
                    .children(ACP, AE, CNT, GRP, LCP, CSR, REQ, SUB, ROL, TK, DAC, AUDS, AUPY, AUIF, NODE, FCNT, TS, CRS, SCH,
                            NTP)
                    .notByRequest(CREATE, UPDATE, DELETE)
                    .build(),
            ResourceType.builder(GRP, "grp", "group").withAcpi()
                    .attributes(wo("cr", ANY_URI), wo("mt", NON_NEG_INTEGER), ro("cnm", NON_NEG_INTEGER),
                            rwMandatory("mnm", POSITIVE_INTEGER), rwMandatory("mid", LIST_OF_URI),
                            rw("macp", LIST_OF_URI), ro("mtv", BOOLEAN), wo("csy", POSITIVE_INTEGER),
                            rw("gn", STRING))
                    .children(SUB)
                    .virtualChildren(FAN_OUT_POINT)
                    .announceable(GRP_ANNC, List.of(),
                            List.of("daci", "mt", "cnm", "mnm", "mid", "macp", "mtv", "csy", "gn"))
                    .build(),
            // TS-0001 9.6.10 and TS-0004 7.4.10: child of the CSEBase only. los, lit, gec and luec are enumerations and
            // lou a list of xs:duration, checked by io.bastion.cse.location.LocationPolicyBehaviour; loi and lost are
            // set by the CSE; aid is NP on update (TS-0004; RW in TS-0001).
            ResourceType.builder(LCP, "lcp", "locationPolicy").withAcpi().audited()
                    .attributes(woMandatory("los", NON_NEG_INTEGER), rw("lit", NON_NEG_INTEGER),
                            rw("lou", LIST_OF_STRING), wo("lot", STRING), wo("lor", ANY_URI), ro("loi", ANY_URI),
                            wo("lon", NCNAME), ro("lost", STRING), rw("gta", ANY), rw("gec", NON_NEG_INTEGER),
                            wo("aid", STRING), rw("rlkl", BOOLEAN), rw("luec", NON_NEG_INTEGER))
                    .children(SUB)
                    .build(),
            // TS-0001 9.6.12 and TS-0004 7.4.12: the context of a non-blocking request, made by the CSE when it accepts
            // one (7.3.2.2; a CREATE is 4005, 7.4.12.2.1), never updated (TS-0001 10.2.5.5), child of the CSEBase only;
            // every attribute is the CSE's (io.bastion.cse.nonblocking).
            ResourceType.builder(REQ, "req", "request").withAcpi().withStateTag()
                    .attributes(ro("op", INTEGER), ro("tg", ANY_URI), ro("org", STRING), ro("rid", STRING),
                            ro("mi", OBJECT), ro("pc", ANY), ro("rs", INTEGER), ro("ors", OBJECT))
                    .children(SUB)
                    .notByRequest(CREATE, UPDATE)
                    .build(),
            // TS-0001 9.6.21 and TS-0004 7.4.21: no acpi, no attributes of its own; at most one per AE (TS-0001 table
            // 9.6.5-2, 0..1; a remoteCSE's comes with remoteCSE); its registree alone creates and uses it. The
            // <transaction> child (9.6.48) is not served. Audited: it decides where the AE's requests go.
            ResourceType.builder(PCH, "pch", "pollingChannel").audited()
                    .virtualChildren(POLLING_CHANNEL_URI)
                    .onePerParent()
                    .registreeOnly()
                    .build(),
            ResourceType.builder(SUB, "sub", "subscription").withAcpi()
                    .attributes(wo("cr", ANY_URI), rw("enc", OBJECT), rw("exc", POSITIVE_INTEGER),
                            rwMandatory("nu", LIST_OF_URI), rw("gpi", ANY_URI), rw("nfu", ANY_URI),
                            rw("bn", OBJECT), rw("rl", OBJECT), wo("psn", POSITIVE_INTEGER),
                            rw("pn", POSITIVE_INTEGER), rw("nsp", POSITIVE_INTEGER), rw("ln", BOOLEAN),
                            rw("nct", POSITIVE_INTEGER), rw("nec", EVENT_CAT), wo("su", ANY_URI),
                            rw("nse", BOOLEAN), ro("nsi", LIST_OF_OBJECT), ro("acrs", LIST_OF_URI))
                    .children(SCH, NTPR)
                    .virtualChildren(NOTIFICATION_TARGET_SELF_REFERENCE)
                    .build(),
            // TS-0001 9.6.58 and TS-0004 7.4.58: a subscription over several targets, under the CSEBase or an AE (the
            // remoteCSE parent is not served). rrats is set by the CSE; twt 1 periodic, 2 sliding (m2m:timeWindowType,
            // 6.3.4.2.61), tws an xs:duration and encs an m2m:eventNotificationCriteriaSet {encn: [...]} (6.3.5.66),
            // checked by io.bastion.cse.crs.CrossResourceSubscriptionBehaviour. No child type of table 7.4.58.1-4 is
            // served (schedule, notificationTargetMgmtPolicyRef, notificationTargetSelfReference, transaction).
            ResourceType.builder(CRS, "crs", "crossResourceSubscription").withAcpi()
                    .attributes(wo("cr", ANY_URI), rw("exc", POSITIVE_INTEGER), rwMandatory("nu", LIST_OF_URI),
                            wo("nec", EVENT_CAT), wo("su", ANY_URI), wo("rrat", LIST_OF_URI),
                            wo("srat", LIST_OF_URI), ro("rrats", LIST_OF_URI),
                            rwMandatory("twt", POSITIVE_INTEGER), rwMandatory("tws", STRING), wo("encs", OBJECT))
                    .build(),
            // TS-0001 9.6.9, TS-0004 7.4.9 (acpi since V3.15; no announcement here, so no at/aa): under the CSEBase
            // (0..1), a subscription (0..1, its notificationSchedule) and a node (0..n, TS-0004 table 7.4.18.1-4).
            // se is an m2m:scheduleEntries {sce: [...]}, whose entries io.bastion.cse.schedule.ScheduleBehaviour
            // parses; nco only under a node (4102 elsewhere, 7.4.9.2.1).
            ResourceType.builder(SCH, "sch", "schedule").withAcpi()
                    .attributes(rwMandatory("se", OBJECT), rw("nco", BOOLEAN))
                    .children(SUB)
                    .onePerParentOf("m2m:cb", "m2m:sub")
                    .build(),
            // TS-0001 9.6.31, TS-0004 7.4.30: which notificationTargetPolicy applies to which notification targets of
            // its parent subscription. The three policy types decide who stops receiving what: their changes are
            // audited.
            ResourceType.builder(NTPR, "ntpr", "notificationTargetMgmtPolicyRef").withAcpi().audited()
                    .attributes(rwMandatory("ntu", LIST_OF_URI), rw("npi", ANY_URI).linksTo(NTP))
                    .children(SUB)
                    .build(),
            // TS-0001 9.6.32, TS-0004 7.4.31. acn (m2m:notificationTargetPolicyAction 1..4) and plbl have
            // multiplicity 1 in TS-0001 and no default in TS-0004 (which marks them O on create): mandatory here, as
            // a policy without them has nothing to apply. acn is NP on update (TS-0004). rrs is m2m:logicalOperator
            // (1 AND, 2 OR).
            ResourceType.builder(NTP, "ntp", "notificationTargetPolicy").withAcpi().audited()
                    .attributes(wo("cr", ANY_URI), woMandatory("acn", POSITIVE_INTEGER).within(1, 4),
                            rwMandatory("plbl", STRING), rw("rrs", POSITIVE_INTEGER).within(1, 2))
                    .children(PDR, SUB)
                    .build(),
            // TS-0001 9.6.33, TS-0004 7.4.32: dr is an m2m:deletionContexts {tod, lr} (NP on update in TS-0004),
            // drr an m2m:logicalOperator, OR when absent. At most two under one policy (4105).
            ResourceType.builder(PDR, "pdr", "policyDeletionRules").withAcpi().audited()
                    .attributes(wo("dr", OBJECT), rw("drr", POSITIVE_INTEGER).within(1, 2))
                    .children(SUB)
                    .build(),
            // TS-0001 9.6.36 and TS-0004 7.4.38 (no stateTag; loc as Release 4's short names list it). pei, peid
            // and mdt are in milliseconds, mia in seconds.
            ResourceType.builder(TS, "ts", "timeSeries").withAcpi()
                    .attributes(wo("cr", ANY_URI))
                    .attributes(instanceLimits())
                    .attributes(rw("pei", POSITIVE_INTEGER), rw("peid", NON_NEG_INTEGER), rw("mdd", BOOLEAN),
                            rw("mdn", POSITIVE_INTEGER), ro("mdlt", LIST_OF_STRING), ro("mdc", NON_NEG_INTEGER),
                            rw("mdt", POSITIVE_INTEGER), rw("or", ANY_URI), wo("cnf", CONTENT_INFO),
                            rw("loc", GEO_COORDINATES))
                    .children(TSI, SUB)
                    .virtualChildren(LATEST, OLDEST)
                    .announceable(TS_ANNC, List.of(), List.of("daci", "mni", "mbs", "mia", "pei", "peid", "or", "mdn",
                            "mdt", "cnf", "loc"))
                    .build(),
            // TS-0001 9.6.37 and TS-0004 7.4.39: no acpi (the timeSeries' policies decide), no cr, no st; never
            // updated (7.4.39.2.3: 4005); no two instances of one timeSeries with equal dgt (7.4.39.2.1: 4105).
            ResourceType.builder(TSI, "tsi", "timeSeriesInstance")
                    .attributes(woMandatory("dgt", ABS_REL_TIMESTAMP), woMandatory("con", ANY),
                            wo("snr", NON_NEG_INTEGER), ro("cs", NON_NEG_INTEGER))
                    .notByRequest(UPDATE)
                    .uniqueAmongSiblings("dgt")
                    .announceable(TSI_ANNC, List.of(), List.of("dgt", "con", "snr"))
                    .build(),
            // TS-0001 9.6.38 and TS-0004 7.4.40: a role assignment, child of the CSEBase (the role repository).
            ResourceType.builder(ROL, "rol", "role").withAcpi()
                    .attributes(woMandatory("rlid", STRING), woMandatory("tkis", STRING),
                            woMandatory("tkhd", STRING), woMandatory("tknb", TIMESTAMP),
                            woMandatory("tkna", TIMESTAMP), wo("rlnm", STRING), rw("rltl", ANY_URI))
                    .children(SUB)
                    .build(),
            // TS-0001 9.6.39 and TS-0004 7.4.41: a stored token, child of the CSEBase (the token repository). The
            // attributes after tkob are filled from the token's claims (io.bastion.cse.token.TokenBehaviour).
            ResourceType.builder(TK, "tk", "token").withAcpi()
                    .attributes(woMandatory("tkid", STRING), woMandatory("tkob", STRING), wo("vr", STRING),
                            wo("tkis", STRING), wo("tkau", LIST_OF_STRING), wo("tkhd", STRING),
                            wo("tknb", TIMESTAMP), wo("tkna", TIMESTAMP), wo("tknm", STRING), wo("tkps", OBJECT),
                            wo("tkex", STRING))
                    .children(SUB)
                    .build(),
            // TS-0001 9.6.40 and TS-0004 7.4.36: where and whether to consult a Dynamic Authorization Server. dal is
            // m2m:timestamp in TS-0004 but is sent as ppl (absRelTimestamp): the behaviour accepts both forms.
            ResourceType.builder(DAC, "dac", "dynamicAuthorizationConsultation").withAcpi()
                    .attributes(rwMandatory("dae", BOOLEAN), rwMandatory("dap", LIST_OF_URI), rw("dal", STRING))
                    .children(SUB)
                    .build(),
            // TS-0001 9.6.41-9.6.43, TS-0004 7.4.43-7.4.45: the distributed authorization points, children of the
            // CSEBase. The request attributes (to, fr, op... of table 7.5.2-1) may be given on CREATE and UPDATE; an
            // UPDATE carrying them is the bound procedure's (io.bastion.cse.pdp), which answers with the result
            // attributes (dec, sus; ps, ca) and stores neither. Changes are audited: they change who decides.
            ResourceType.builder(AUDS, "auds", "authorizationDecision").withAcpi().audited()
                    .attributes(ro("dec", POSITIVE_INTEGER), ro("sus", POSITIVE_INTEGER), rw("to", ANY_URI),
                            rw("fr", STRING), rw("op", POSITIVE_INTEGER), rw("rrt", INTEGER), rw("fu", ANY),
                            rw("rids", LIST_OF_STRING), rw("tids", LIST_OF_STRING), rw("tkns", LIST_OF_STRING),
                            rw("rtm", TIMESTAMP), rw("olo", OBJECT), rw("oip", OBJECT))
                    .children(SUB)
                    .under("m2m:cb")
                    .build(),
            ResourceType.builder(AUPY, "aupy", "authorizationPolicy").withAcpi().audited()
                    .attributes(ro("ps", OBJECT), ro("ca", POSITIVE_INTEGER), ro("sus", POSITIVE_INTEGER),
                            rw("to", ANY_URI))
                    .children(SUB)
                    .under("m2m:cb")
                    .build(),
            ResourceType.builder(AUIF, "auif", "authorizationInformation").withAcpi().audited()
                    .attributes(ro("sus", POSITIVE_INTEGER), rw("fr", STRING), rw("rids", LIST_OF_STRING),
                            rw("tids", LIST_OF_STRING))
                    .children(SUB)
                    .under("m2m:cb")
                    .build(),
            // TS-0001 9.6.35, TS-0004 7.4.37: the general descriptor of every specialization (no schemas here), its
            // root the request's (m2m:fcnt only names it in messages). mni to cbs keep <flexContainerInstance>s
            // (Release 4 short names; their types and optionality as the container's, TS-0004 7.4.6).
            ResourceType.builder(FCNT, "fcnt", "flexContainer").withAcpi().withStateTag()
                    .attributes(wo("cr", ANY_URI), woMandatory("cnd", ANY_URI), rw("or", ANY_URI),
                            ro("cs", NON_NEG_INTEGER), rw("nl", ANY_URI))
                    .attributes(instanceLimits())
                    .attributes(rw("loc", GEO_COORDINATES))
                    .children(CNT, FCNT, SUB, FCI, TS)
                    .virtualChildren(LATEST, OLDEST)
                    .openSpecialization(FLEX_CONTAINER_CUSTOM)
                    .announceable(FCNT_ANNC, List.of("cnd"),
                            List.of("daci", "or", "nl", "mni", "mbs", "mia", "loc"))
                    .build(),
            // Release 4 (no text here): a version of its flexContainer's custom attributes, made by the CSE and never
            // updated; no acpi, so its parent's policies decide (as for a contentInstance). Root m2m:fci as ACME's.
            ResourceType.builder(FCI, "fci", "flexContainerInstance")
                    .attributes(ro("cs", NON_NEG_INTEGER))
                    .notByRequest(CREATE, UPDATE)
                    .build()),
            ManagementTypes.all().stream()).toList();

    private static final TypeRegistry REGISTRY = new TypeRegistry(
            Stream.concat(ORIGINALS.stream(), AnnouncedTypes.of(ORIGINALS).stream()).toList());

    private ResourceTypes() {
    }

    /** The registry of this CSE's resource types. */
    public static TypeRegistry registry() {
        return REGISTRY;
    }

    /** The descriptor of a stored resource ({@link TypeRegistry#of}). */
    public static ResourceType of(Resource r) {
        return REGISTRY.of(r);
    }

    /** The descriptor a CREATE asks for ({@link TypeRegistry#forContent}). */
    public static ResourceType forContent(int ty, String root) {
        return REGISTRY.forContent(ty, root);
    }

    /**
     * The root element name of a stored resource's representation: the one it was created with when its type leaves
     * it open (a flexContainer specialization, {@link Resource#root}), else its descriptor's.
     */
    public static String rootNameOf(Resource r) {
        return r.root() != null ? r.root() : REGISTRY.of(r).rootName();
    }

    /** Whether {@code sn} names an attribute of some supported type ({@link TypeRegistry#isAttributeName}). */
    public static boolean isAttributeName(String sn) {
        return REGISTRY.isAttributeName(sn);
    }

    /** Whether no stored resource may take this name ({@link TypeRegistry#isReservedName}). */
    public static boolean isReservedName(String rn) {
        return REGISTRY.isReservedName(rn);
    }

    public static Optional<ResourceType> byTy(int ty) {
        return REGISTRY.byTy(ty);
    }

    public static Optional<ResourceType> byRootName(String root) {
        return REGISTRY.byRootName(root);
    }

    /** The resource type numbers this CSE supports, for CSEBase {@code srt}. */
    public static List<Integer> supported() {
        return REGISTRY.numbers();
    }

    /** @throws IllegalArgumentException when {@code ty} is not supported */
    public static ResourceType get(int ty) {
        return REGISTRY.get(ty);
    }
}
