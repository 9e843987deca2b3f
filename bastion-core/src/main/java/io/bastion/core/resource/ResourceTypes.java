package io.bastion.core.resource;

import static io.bastion.core.resource.AttributePolicy.ro;
import static io.bastion.core.resource.AttributePolicy.rw;
import static io.bastion.core.resource.AttributePolicy.rwMandatory;
import static io.bastion.core.resource.AttributePolicy.wo;
import static io.bastion.core.resource.AttributePolicy.woMandatory;
import static io.bastion.core.resource.ValueType.ANY;
import static io.bastion.core.resource.ValueType.ANY_URI;
import static io.bastion.core.resource.ValueType.BOOLEAN;
import static io.bastion.core.resource.ValueType.CONTENT_INFO;
import static io.bastion.core.resource.ValueType.EVENT_CAT;
import static io.bastion.core.resource.ValueType.INTEGER;
import static io.bastion.core.resource.ValueType.LABELS;
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

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The registry of supported resource types and their attribute policies (TS-0004 clause 7.4, short names from
 * TS-0004 clause 8.2.3). Handlers look types up here instead of switching on numbers. Every value type follows the
 * data type of the attribute's table in TS-0004 7.4 (checked attribute by attribute in ResourceTypesSpecTest), except
 * {@code dal}, see below; {@code conr} (m2m:contentRef) is an object whose elements are kept as given. The
 * subscription's {@code nse} and {@code nsi} are Release 4 attributes (TS-0004 V4.8.0 short names; their table is not
 * available here): {@code nse} an optional RW xs:boolean, {@code nsi} a read-only list of m2m:notificationStatsInfo
 * ({@code io.bastion.cse.subscription.NotificationStats}).
 */
public final class ResourceTypes {
    public static final int ACP = 1;
    public static final int AE = 2;
    public static final int CNT = 3;
    public static final int CIN = 4;
    public static final int CSE_BASE = 5;
    public static final int GRP = 9;
    public static final int SUB = 23;
    public static final int ROL = 31;
    public static final int TK = 32;
    public static final int DAC = 34;

    private static final Map<Integer, ResourceType> BY_TY = new HashMap<>();
    private static final Map<String, ResourceType> BY_ROOT = new HashMap<>();

    static {
        register(new ResourceType(ACP, "acp", attrs(false, false,
                rwMandatory("pv", OBJECT), rwMandatory("pvs", OBJECT),
                rw("adri", LIST_OF_URI), rw("apri", LIST_OF_URI), rw("airi", LIST_OF_URI)),
                Set.of(SUB), false, false));
        register(new ResourceType(AE, "ae", attrs(true, false,
                woMandatory("api", STRING), rw("apn", STRING), ro("aei", ANY_URI), rw("poa", LIST_OF_STRING),
                rw("or", ANY_URI), rw("nl", ANY_URI), rwMandatory("rr", BOOLEAN), rw("csz", SERIALIZATIONS),
                rwMandatory("srv", LIST_OF_STRING), rw("esi", OBJECT)),
                Set.of(ACP, CNT, GRP, SUB, DAC), true, false));
        register(new ResourceType(CNT, "cnt", attrs(true, true,
                wo("cr", ANY_URI), rw("mni", NON_NEG_INTEGER), rw("mbs", NON_NEG_INTEGER), rw("mia", NON_NEG_INTEGER),
                ro("cni", NON_NEG_INTEGER), ro("cbs", NON_NEG_INTEGER), ro("li", ANY_URI), rw("or", ANY_URI),
                rw("disr", BOOLEAN)),
                Set.of(CNT, CIN, SUB), true, true));
        register(new ResourceType(CIN, "cin", attrs(false, true,
                wo("cr", ANY_URI), wo("cnf", CONTENT_INFO), ro("cs", NON_NEG_INTEGER), wo("conr", OBJECT),
                wo("or", ANY_URI), woMandatory("con", ANY)),
                Set.of(), false, true));
        // TS-0004 7.4.3.1: no expirationTime; nothing is written through the API (7.4.3.2.3).
        register(new ResourceType(CSE_BASE, "cb", without("et", attrs(true, false,
                ro("csi", STRING), ro("cst", INTEGER), ro("srt", LIST_OF_INTEGER), ro("poa", LIST_OF_STRING),
                ro("nl", ANY_URI), ro("srv", LIST_OF_STRING))),
                Set.of(ACP, AE, CNT, GRP, SUB, ROL, TK, DAC), true, false));
        register(new ResourceType(GRP, "grp", attrs(true, false,
                wo("cr", ANY_URI), wo("mt", NON_NEG_INTEGER), ro("cnm", NON_NEG_INTEGER),
                rwMandatory("mnm", POSITIVE_INTEGER), rwMandatory("mid", LIST_OF_URI), rw("macp", LIST_OF_URI),
                ro("mtv", BOOLEAN), wo("csy", POSITIVE_INTEGER), rw("gn", STRING)),
                Set.of(SUB), true, false));
        register(new ResourceType(SUB, "sub", attrs(true, false,
                wo("cr", ANY_URI), rw("enc", OBJECT), rw("exc", POSITIVE_INTEGER), rwMandatory("nu", LIST_OF_URI),
                rw("gpi", ANY_URI), rw("nfu", ANY_URI), rw("bn", OBJECT), rw("rl", OBJECT),
                wo("psn", POSITIVE_INTEGER), rw("pn", POSITIVE_INTEGER), rw("nsp", POSITIVE_INTEGER),
                rw("ln", BOOLEAN), rw("nct", POSITIVE_INTEGER), rw("nec", EVENT_CAT), wo("su", ANY_URI),
                rw("nse", BOOLEAN), ro("nsi", LIST_OF_OBJECT)),
                Set.of(), true, false));
        // TS-0001 9.6.38 and TS-0004 7.4.40: a role assignment, child of the CSEBase (the role repository).
        register(new ResourceType(ROL, "rol", attrs(true, false,
                woMandatory("rlid", STRING), woMandatory("tkis", STRING), woMandatory("tkhd", STRING),
                woMandatory("tknb", TIMESTAMP), woMandatory("tkna", TIMESTAMP), wo("rlnm", STRING),
                rw("rltl", ANY_URI)),
                Set.of(SUB), true, false));
        // TS-0001 9.6.39 and TS-0004 7.4.41: a stored token, child of the CSEBase (the token repository). The
        // attributes after tkob are filled from the token's claims (io.bastion.cse.token.TokenBehaviour).
        register(new ResourceType(TK, "tk", attrs(true, false,
                woMandatory("tkid", STRING), woMandatory("tkob", STRING), wo("vr", STRING), wo("tkis", STRING),
                wo("tkau", LIST_OF_STRING), wo("tkhd", STRING), wo("tknb", TIMESTAMP), wo("tkna", TIMESTAMP),
                wo("tknm", STRING), wo("tkps", OBJECT), wo("tkex", STRING)),
                Set.of(SUB), true, false));
        // TS-0001 9.6.40 and TS-0004 7.4.36: where and whether to consult a Dynamic Authorization Server. dal is
        // m2m:timestamp in TS-0004 but is sent as ppl (absRelTimestamp): the behaviour accepts both forms.
        register(new ResourceType(DAC, "dac", attrs(true, false,
                rwMandatory("dae", BOOLEAN), rwMandatory("dap", LIST_OF_URI), rw("dal", STRING)),
                Set.of(SUB), true, false));
    }

    private ResourceTypes() {
    }

    /** Universal and common attributes (TS-0001 9.6.1.3) followed by the type's own. */
    private static Map<String, AttributePolicy> attrs(boolean hasAcpi, boolean hasSt, AttributePolicy... own) {
        List<AttributePolicy> all = new ArrayList<>(List.of(
                ro("ty", INTEGER), ro("ri", STRING), wo("rn", NCNAME), ro("pi", STRING),
                ro("ct", TIMESTAMP), ro("lt", TIMESTAMP), rw("et", TIMESTAMP), rw("lbl", LABELS)));
        if (hasAcpi) {
            // dynamicAuthorizationConsultationIDs sits on every resource that has acpi (TS-0004 8.2.3).
            all.add(rw("acpi", LIST_OF_URI));
            all.add(rw("daci", LIST_OF_URI));
        }
        if (hasSt) {
            all.add(ro("st", NON_NEG_INTEGER));
        }
        all.addAll(List.of(own));
        return ResourceType.table(all);
    }

    private static Map<String, AttributePolicy> without(String sn, Map<String, AttributePolicy> attributes) {
        attributes.remove(sn);
        return attributes;
    }

    private static void register(ResourceType t) {
        BY_TY.put(t.ty(), t);
        BY_ROOT.put(t.rootName(), t);
    }

    public static Optional<ResourceType> byTy(int ty) {
        return Optional.ofNullable(BY_TY.get(ty));
    }

    public static Optional<ResourceType> byRootName(String root) {
        return Optional.ofNullable(BY_ROOT.get(root));
    }

    /** The resource type numbers this CSE supports, for CSEBase {@code srt}. */
    public static List<Integer> supported() {
        return BY_TY.keySet().stream().sorted().toList();
    }

    public static ResourceType get(int ty) {
        ResourceType t = BY_TY.get(ty);
        if (t == null) {
            throw new IllegalArgumentException("unsupported resource type " + ty);
        }
        return t;
    }
}
