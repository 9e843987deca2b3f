package io.bastion.core.resource;

import static io.bastion.core.resource.AttributePolicy.ro;
import static io.bastion.core.resource.AttributePolicy.rw;
import static io.bastion.core.resource.AttributePolicy.rwMandatory;
import static io.bastion.core.resource.AttributePolicy.secret;
import static io.bastion.core.resource.AttributePolicy.updateOnly;
import static io.bastion.core.resource.AttributePolicy.wo;
import static io.bastion.core.resource.AttributePolicy.woMandatory;
import static io.bastion.core.resource.ValueType.ACTION_STATUS;
import static io.bastion.core.resource.ValueType.ANY;
import static io.bastion.core.resource.ValueType.ANY_URI;
import static io.bastion.core.resource.ValueType.BOOLEAN;
import static io.bastion.core.resource.ValueType.CERTIFICATES;
import static io.bastion.core.resource.ValueType.EVENT_CAT;
import static io.bastion.core.resource.ValueType.FINGERPRINT;
import static io.bastion.core.resource.ValueType.INTEGER;
import static io.bastion.core.resource.ValueType.LABELS;
import static io.bastion.core.resource.ValueType.LIST_OF_BOOLEAN;
import static io.bastion.core.resource.ValueType.LIST_OF_INTEGER;
import static io.bastion.core.resource.ValueType.LIST_OF_OBJECT;
import static io.bastion.core.resource.ValueType.LIST_OF_STRING;
import static io.bastion.core.resource.ValueType.LIST_OF_URI;
import static io.bastion.core.resource.ValueType.NON_NEG_INTEGER;
import static io.bastion.core.resource.ValueType.OBJECT;
import static io.bastion.core.resource.ValueType.POSITIVE_INTEGER;
import static io.bastion.core.resource.ValueType.STRING;
import static io.bastion.core.resource.ValueType.SYMMETRIC_KEY;
import static io.bastion.core.resource.ValueType.TIMESTAMP;

import java.util.ArrayList;
import java.util.List;

/**
 * The device-management resource types: {@code <node>} (ty 14, TS-0001 9.6.18, TS-0004 7.4.18) and the
 * specializations of {@code <mgmtObj>} (ty 13, TS-0001 9.6.15 and Annex D, TS-0004 7.4.15 and Annex D), one descriptor
 * each, told apart by their root ({@code m2m:fwr}, TS-0004 table 8.2.4-1) in a request and by {@code mgd}
 * ({@code m2m:mgmtDefinition}, TS-0004 table 6.3.4.2.22-1) when stored. Data types and the create/update columns
 * follow TS-0004 (Annex D tables); where TS-0001 disagrees (deviceCapability's RO/WO attributes, the cmdh family's
 * read-only {@code lbl}), TS-0004 is followed.
 *
 * <p>Placement (TS-0001 table 9.6.1.2.1-1 against tables 9.6.15-1 and 9.6.18-1, which contradict it): every
 * specialization may be a child of a {@code <node>}; the cmdh sub-objects may also be created under the cmdh object
 * table 9.6.1.2.1-1 nests them in (cmdhDefaults, cmdhLimits, cmdhNetworkAccessRules and cmdhBuffer under a cmdhPolicy;
 * cmdhDefEcValue and cmdhEcDefParamValues under a cmdhDefaults; cmdhNwAccessRule under a cmdhNetworkAccessRules) and
 * myCertFileCred, trustAnchorCred and MAFClientRegCfg under an authenticationProfile. Anywhere else is 4108. A node
 * holds at most one memory, reboot, eventLog and activeCmdhPolicy (table 9.6.18-1: 0..1), and a node or an
 * authenticationProfile at most one MAFClientRegCfg and one MEFClientRegCfg.
 *
 * <p>The TS-0022 security objects (1022 to 1026) are known here by their short names only (TS-0022 V4.2.0 short-name
 * table); their data types and optionality are <b>UNCONFIRMED</b>, inferred from TS-0003 (8.3.7 to 8.3.9, 10.1.2,
 * 12.4.2): {@code suid} m2m:suid, {@code tlcs} a list of IANA TLS cipher suite numbers, {@code skv} a base64 symmetric
 * key (secret: never read back), {@code mkrd} an xs:duration, {@code mcfp}/{@code cfp} SHA-256 fingerprints,
 * {@code mcfc} certificates, the client registration ports 0 to 65535 (TS-0003 table 12.4.2-1 types them
 * xs:unsignedByte, which cannot hold a port). They serialize under {@code dcfg:} (TS-0022's namespace) and accept
 * {@code m2m:} on input; they carry credentials ({@link ResourceType#sensitive()}). Registration (1020) and
 * dataCollection (1021), whose attributes the texts here give as short names only, and self-defined mgmtObjs (0) are
 * not implemented.
 */
public final class ManagementTypes {
    public static final int MGMT_OBJ = 13;
    public static final int NODE = 14;
    static final int SCH = 18;
    static final int SUB = 23;

    /** Root of {@code <node>}. */
    public static final String NOD = "m2m:nod";
    /** Root of authenticationProfile, the parent of some TS-0022 objects. */
    public static final String AUTP = "dcfg:autp";
    static final String CMP = "m2m:cmp";
    static final String CMDF = "m2m:cmdf";
    static final String CMNR = "m2m:cmnr";

    private ManagementTypes() {
    }

    /** {@code <node>} and every implemented {@code <mgmtObj>} specialization. */
    static List<ResourceType> all() {
        List<ResourceType> all = new ArrayList<>();
        all.add(ResourceType.builder(NODE, "nod", "node").withAcpi()
                .attributes(rwMandatory("ni", STRING), rw("hcl", STRING), rw("hael", LIST_OF_STRING),
                        rw("hsl", LIST_OF_STRING), rw("mgca", STRING), ro("rms", BOOLEAN), ro("nid", STRING))
                .children(MGMT_OBJ, SUB, SCH)
                // TS-0001 table 9.6.18-2: nodeID MA, the links and the network attributes OA
                .announceable(10014, List.of("ni"), List.of("daci", "hcl", "hael", "hsl", "mgca", "rms", "nid"))
                .build());
        all.add(mgmtObj(1001, "fwr", "firmware").under(NOD)
                .attributes(rwMandatory("vr", STRING), rwMandatory("fwn", STRING), rwMandatory("url", ANY_URI),
                        rwMandatory("ud", BOOLEAN), updateOnly("uds", ACTION_STATUS))
                .build());
        all.add(mgmtObj(1002, "swr", "software").under(NOD)
                .attributes(rwMandatory("vr", STRING), rwMandatory("swn", STRING), rwMandatory("url", ANY_URI),
                        updateOnly("in", BOOLEAN), updateOnly("un", BOOLEAN), updateOnly("ins", ACTION_STATUS),
                        updateOnly("act", BOOLEAN), updateOnly("dea", BOOLEAN), updateOnly("acts", ACTION_STATUS))
                .build());
        all.add(mgmtObj(1003, "mem", "memory").under(NOD).onePerParent()
                .attributes(rwMandatory("mma", NON_NEG_INTEGER), rwMandatory("mmt", NON_NEG_INTEGER))
                .build());
        all.add(mgmtObj(1004, "ani", "areaNwkInfo").under(NOD)
                .attributes(rwMandatory("ant", STRING), rw("ldv", LIST_OF_URI))
                .build());
        all.add(mgmtObj(1005, "andi", "areaNwkDeviceInfo").under(NOD)
                .attributes(rwMandatory("dvd", STRING), rwMandatory("dvt", STRING), rwMandatory("awi", ANY_URI),
                        rw("sli", NON_NEG_INTEGER), rw("sld", NON_NEG_INTEGER), rw("ss", STRING),
                        rw("lnh", LIST_OF_URI))
                .build());
        all.add(mgmtObj(1006, "bat", "battery").under(NOD)
                .attributes(rwMandatory("btl", NON_NEG_INTEGER).within(0, 100),
                        rwMandatory("bts", POSITIVE_INTEGER).within(1, 7))
                .build());
        all.add(mgmtObj(1007, "dvi", "deviceInfo").under(NOD)
                .attributes(rwMandatory("dlb", STRING), woMandatory("man", STRING), rw("mfdl", STRING),
                        wo("mfd", TIMESTAMP), woMandatory("mod", STRING), wo("smod", STRING),
                        rwMandatory("dty", STRING), rw("dvnm", STRING), rw("fwv", STRING), rw("swv", STRING),
                        wo("hwv", STRING), rw("osv", STRING), wo("cnty", STRING), rw("loc", STRING),
                        rw("syst", TIMESTAMP), rw("spur", ANY_URI), rw("purl", ANY_URI), rw("ptl", LIST_OF_STRING))
                .build());
        all.add(mgmtObj(1008, "dvc", "deviceCapability").under(NOD)
                .attributes(rwMandatory("can", STRING), rwMandatory("att", BOOLEAN),
                        rwMandatory("cas", ACTION_STATUS), rwMandatory("cus", BOOLEAN), rw("ena", BOOLEAN),
                        rw("dis", BOOLEAN))
                .build());
        all.add(mgmtObj(1009, "rbo", "reboot").under(NOD).onePerParent()
                .attributes(rw("rbo", BOOLEAN), rw("far", BOOLEAN))
                .build());
        all.add(mgmtObj(1010, "evl", "eventLog").under(NOD).onePerParent()
                .attributes(rwMandatory("lgt", POSITIVE_INTEGER).within(1, 5), rwMandatory("lgd", STRING),
                        rwMandatory("lgst", POSITIVE_INTEGER).within(1, 5), rw("lga", BOOLEAN), rw("lgo", BOOLEAN))
                .build());
        all.addAll(cmdh());
        all.addAll(security());
        return all;
    }

    /** The CMDH policy objects (TS-0004 D.12): stored and validated; no CMDH processing follows from them. */
    private static List<ResourceType> cmdh() {
        return List.of(
                mgmtObj(1011, "cmp", "cmdhPolicy").under(NOD).children(MGMT_OBJ)
                        .attributes(rwMandatory("cpn", STRING), rwMandatory("cmlk", LIST_OF_OBJECT))
                        .build(),
                mgmtObj(1012, "acmp", "activeCmdhPolicy").under(NOD).onePerParent()
                        .attributes(rwMandatory("acmlk", STRING))
                        .build(),
                mgmtObj(1013, "cmdf", "cmdhDefaults").under(NOD, CMP).children(MGMT_OBJ)
                        .attributes(rwMandatory("cmlk", LIST_OF_OBJECT))
                        .build(),
                mgmtObj(1014, "cmdv", "cmdhDefEcValue").under(NOD, CMDF)
                        .attributes(rwMandatory("od", POSITIVE_INTEGER), rwMandatory("dev", EVENT_CAT),
                                rwMandatory("ror", LIST_OF_STRING), rw("rct", ANY), rw("rctn", BOOLEAN),
                                rw("rch", ANY))
                        .build(),
                mgmtObj(1015, "cmpv", "cmdhEcDefParamValues").under(NOD, CMDF)
                        .attributes(rwMandatory("aec", LIST_OF_INTEGER), rwMandatory("dqet", INTEGER),
                                rwMandatory("dset", INTEGER), rwMandatory("doet", INTEGER),
                                rwMandatory("drp", INTEGER), rwMandatory("dda", BOOLEAN))
                        .build(),
                mgmtObj(1016, "cml", "cmdhLimits").under(NOD, CMP)
                        .attributes(rwMandatory("od", POSITIVE_INTEGER), rwMandatory("ror", LIST_OF_STRING),
                                rw("rct", ANY), rw("rctn", BOOLEAN), rw("rch", ANY),
                                rwMandatory("lec", LIST_OF_INTEGER), rwMandatory("lqet", LIST_OF_INTEGER),
                                rwMandatory("lset", LIST_OF_INTEGER), rwMandatory("loet", LIST_OF_INTEGER),
                                rwMandatory("lrp", LIST_OF_INTEGER), rwMandatory("lda", LIST_OF_BOOLEAN))
                        .build(),
                mgmtObj(1017, "cmnr", "cmdhNetworkAccessRules").under(NOD, CMP).children(MGMT_OBJ)
                        .attributes(rwMandatory("aecs", LIST_OF_INTEGER), rw("cmlk", LIST_OF_OBJECT))
                        .build(),
                mgmtObj(1018, "cmwr", "cmdhNwAccessRule").under(NOD, CMNR)
                        .attributes(rwMandatory("ttn", LIST_OF_STRING), rwMandatory("mrv", NON_NEG_INTEGER),
                                rwMandatory("swt", NON_NEG_INTEGER), rwMandatory("bop", OBJECT), rw("ohc", ANY),
                                rwMandatory("cmlk", OBJECT))
                        .build(),
                mgmtObj(1019, "cmbf", "cmdhBuffer").under(NOD, CMP)
                        .attributes(rwMandatory("aec", LIST_OF_INTEGER), rwMandatory("mbfs", NON_NEG_INTEGER),
                                rwMandatory("sgp", POSITIVE_INTEGER).within(1, 10))
                        .build());
    }

    /** The TS-0022 security objects: types UNCONFIRMED (see the class comment), credentials kept safe. */
    private static List<ResourceType> security() {
        return List.of(
                securityObject(1022, "autp", "authenticationProfile").under(NOD).children(MGMT_OBJ)
                        .attributes(rwMandatory("suid", POSITIVE_INTEGER), rw("tlcs", LIST_OF_INTEGER),
                                rw("aski", STRING), secret("skv", SYMMETRIC_KEY), rw("mkrl", LABELS),
                                rw("mkrd", STRING), rw("mcfp", FINGERPRINT), rw("rpki", ANY_URI),
                                rw("cmlk", LIST_OF_OBJECT))
                        .build(),
                securityObject(1023, "nycfc", "myCertFileCred").under(NOD, AUTP)
                        .attributes(rwMandatory("suids", LIST_OF_INTEGER), rwMandatory("mcff", STRING),
                                rwMandatory("mcfc", CERTIFICATES))
                        .build(),
                securityObject(1024, "tac", "trustAnchorCred").under(NOD, AUTP)
                        .attributes(rwMandatory("uri", ANY_URI), rwMandatory("cfp", FINGERPRINT))
                        .build(),
                securityObject(1025, "macrc", "MAFClientRegCfg").under(NOD, AUTP).onePerParent()
                        .attributes(clientRegCfg())
                        .build(),
                securityObject(1026, "mecrc", "MEFClientRegCfg").under(NOD).onePerParent()
                        .attributes(clientRegCfg())
                        .build());
    }

    /** TS-0003 sec:clientRegCfg (table 12.4.2-1): the MAF or MEF and its ports. */
    private static AttributePolicy[] clientRegCfg() {
        return new AttributePolicy[] {rwMandatory("fq", ANY_URI), rwMandatory("adfq", ANY_URI),
            rw("hpt", NON_NEG_INTEGER).within(0, 65535), rw("cpt", NON_NEG_INTEGER).within(0, 65535),
            rw("wpt", NON_NEG_INTEGER).within(0, 65535)};
    }

    /**
     * A mgmtObj specialization with the attributes every one has (TS-0004 table 7.4.15.1-2): {@code mgd} fixed to its
     * number, {@code obis}, {@code obps}, {@code mgs}, {@code dc}; children {@code <subscription>}.
     */
    private static ResourceType.Builder mgmtObj(int mgd, String sn, String name) {
        return ResourceType.builder(MGMT_OBJ, sn, name).withAcpi()
                .specialization("mgd", Integer.toString(mgd))
                .attributes(woMandatory("mgd", NON_NEG_INTEGER), wo("obis", LIST_OF_URI), wo("obps", LIST_OF_URI),
                        wo("mgs", ANY_URI), rw("dc", STRING))
                .children(SUB)
                // TS-0001 table 9.6.15-2: mgmtDefinition and mgmtSchema MA, every other attribute OA
                // ([objectAttribute]); the TS-0022 objects are sensitive and so never announced
                .announceable(10013, List.of("mgd", "mgs"), List.of(ResourceType.Announceable.EVERY_OTHER));
    }

    /** A TS-0022 object: root {@code dcfg:<sn>}, {@code m2m:<sn>} accepted, sensitive. */
    private static ResourceType.Builder securityObject(int mgd, String sn, String name) {
        return mgmtObj(mgd, sn, name).rootName("dcfg:" + sn).alsoAccepts("m2m:" + sn).sensitive();
    }
}
