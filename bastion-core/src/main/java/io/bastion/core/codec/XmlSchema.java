package io.bastion.core.codec;

import io.bastion.core.resource.AttributePolicy;
import io.bastion.core.resource.ResourceType;
import io.bastion.core.resource.RootNames;
import io.bastion.core.resource.TypeRegistry;
import java.util.HashMap;
import java.util.Map;

/**
 * What the XML codec knows of oneM2M's XSDs: the {@link XmlShape} of an element, so that XML text becomes the JSON
 * value the same element has in JSON (TS-0004 8.4.2: numbers, booleans, lists as arrays) and a JSON array becomes an
 * xs:list or repeated elements. A resource attribute's shape comes from its type's descriptor (the value types of
 * its attribute policies), so a new resource type needs nothing here; primitive parameters and the members of the
 * complex types (TS-0004 6.3.5 and 6.4, short names from 8.2) come from the table below, where a member whose type
 * depends on its parent ({@code net} is one notificationEventType in a notification's {@code nev}, a repeated one in
 * {@code enc}) is keyed {@code parent/member}. An element found nowhere is text (a string), or an object when it has
 * child elements: a flexContainer's custom attributes have no schema here, so their numbers come back as strings.
 */
final class XmlSchema {
    /** The roots whose XML content is a list or a text rather than child elements (TS-0004 table 7.5.2-2). */
    private static final Map<String, XmlShape> ROOTS = Map.of(
            "m2m:uril", XmlShape.LIST_STRING, "m2m:atrl", XmlShape.LIST_STRING,
            "m2m:uri", XmlShape.STRING, "m2m:dbg", XmlShape.STRING);

    private static final Map<String, XmlShape> MEMBERS = members();

    private final TypeRegistry types;

    XmlSchema(TypeRegistry types) {
        this.types = types;
    }

    /** The shape of a root element: an object, except the address lists and texts of {@link #ROOTS}. */
    XmlShape root(String root) {
        return ROOTS.getOrDefault(root, XmlShape.OBJECT);
    }

    /**
     * The descriptor of the resource a root element represents, or null for a primitive or other object: by its root
     * name, or for another namespace's root ({@code cod:tempe}, a flexContainer specialization without a descriptor
     * here) the open type that takes such roots, so that its own attributes ({@code mni}…) keep their types.
     */
    ResourceType resource(String root) {
        ResourceType t = types.byRootName(root).orElse(null);
        if (t != null || root.startsWith("m2m:") || !RootNames.isWellFormed(root)) {
            return t;
        }
        boolean announced = root.endsWith("Annc");
        for (ResourceType open : types.all()) {
            if (open.open() != null && open.isAnnounced() == announced) {
                return open;
            }
        }
        return null;
    }

    /**
     * The shape of the element {@code name} inside {@code parent} (a short name, or the root element name), when
     * {@code resource} is the descriptor of the root it sits in directly (null otherwise); null when unknown.
     */
    XmlShape shape(ResourceType resource, String parent, String name) {
        if (resource != null) {
            AttributePolicy p = resource.attributes().get(name);
            if (p != null) {
                return XmlShape.of(p.type());
            }
        }
        XmlShape s = MEMBERS.get(parent + "/" + name);
        return s != null ? s : MEMBERS.get(name);
    }

    private static Map<String, XmlShape> members() {
        Map<String, XmlShape> m = new HashMap<>();
        // request and response primitives (TS-0004 6.4.1, 6.4.2) and m2m:responseTypeInfo (6.3.5.30)
        put(m, XmlShape.STRING, "to", "fr", "rqi", "ot", "gid", "rvi", "vsi", "nm", "org", "uri", "sur", "cr", "nfu",
                "val");
        put(m, XmlShape.INTEGER, "op", "ty", "rcn", "ec", "drt", "rsc", "cnot", "cnst", "rtv", "typ", "ops", "sit");
        put(m, XmlShape.ABS_REL, "rqet", "rset", "oet", "rp", "ppl");
        put(m, XmlShape.BOOLEAN, "da", "tqi", "asi", "asri", "aus", "sqi", "vrq", "sud", "acaf");
        put(m, XmlShape.LIST_STRING, "rids", "tkns", "tids", "ltids", "grtm", "nu", "lbl", "acor", "ipv4", "ipv6",
                "accc", "ris", "mdlt", "acpi", "poa", "clbl");
        put(m, XmlShape.OBJECT, "pc", "rt", "fc", "mi", "ati", "nev", "md", "acip", "aclr", "ors", "loc", "dasq",
                "dasp", "dreq", "dres", "pv", "pvs", "tkps", "bn", "rl", "enc", "se", "dr", "esi");
        m.put("rep", XmlShape.ANY);
        m.put("con", XmlShape.ANY);
        m.put("crd", XmlShape.JSON_TEXT);
        m.put("geom", XmlShape.JSON_TEXT);
        // m2m:filterCriteria (6.3.5.8)
        put(m, XmlShape.STRING, "crb", "cra", "ms", "us", "exb", "exa", "arp");
        put(m, XmlShape.INTEGER, "sts", "stb", "sza", "szb", "fu", "lim", "fo", "lvl", "ofst", "gmty", "gsf");
        m.put("fc/ty", XmlShape.LIST_INTEGER);
        m.put("chty", XmlShape.LIST_INTEGER);
        m.put("pty", XmlShape.LIST_INTEGER);
        m.put("cty", XmlShape.REPEATED_STRING);
        m.put("smf", XmlShape.REPEATED_STRING);
        m.put("fc/atr", XmlShape.REPEATED_OBJECT);
        m.put("atr/val", XmlShape.ANY);
        // m2m:eventNotificationCriteria (6.3.5.7), alone or in a crossResourceSubscription's encs (6.3.5.66)
        for (String enc : new String[] {"enc", "encn"}) {
            m.put(enc + "/net", XmlShape.REPEATED_INTEGER);
            m.put(enc + "/om", XmlShape.REPEATED_OBJECT);
            m.put(enc + "/atr", XmlShape.REPEATED_STRING);
        }
        m.put("encn", XmlShape.REPEATED_OBJECT);
        m.put("nev/net", XmlShape.INTEGER);
        m.put("nev/om", XmlShape.OBJECT);
        // m2m:batchNotify, m2m:rateLimit, m2m:scheduleEntries, m2m:deletionContexts (6.3.5.6, 6.3.5.11, 6.3.5.33)
        put(m, XmlShape.INTEGER, "num", "mnn");
        put(m, XmlShape.STRING, "dur", "tww");
        m.put("sce", XmlShape.REPEATED_STRING);
        m.put("tod", XmlShape.REPEATED_STRING);
        m.put("lr", XmlShape.REPEATED_OBJECT);
        // m2m:setOfAcrs, m2m:accessControlRule, m2m:locationRegion (6.3.5.26 to 6.3.5.28)
        m.put("acr", XmlShape.REPEATED_OBJECT);
        m.put("acop", XmlShape.INTEGER);
        m.put("acco", XmlShape.REPEATED_OBJECT);
        m.put("acod", XmlShape.REPEATED_OBJECT);
        m.put("actw", XmlShape.REPEATED_STRING);
        m.put("accr", XmlShape.LIST_DECIMAL);
        m.put("acod/ty", XmlShape.INTEGER);
        m.put("spty", XmlShape.STRING);
        // m2m:tokenPermissions (6.3.5.43)
        m.put("pm", XmlShape.REPEATED_OBJECT);
        // child references (6.3.5.29), aggregated answers, notification statistics
        m.put("ch", XmlShape.REPEATED_OBJECT);
        m.put("rrf", XmlShape.REPEATED_OBJECT);
        m.put("nsi", XmlShape.REPEATED_OBJECT);
        put(m, XmlShape.INTEGER, "rqs", "rsr", "mdc", "sus");
        put(m, XmlShape.STRING, "tg", "acn");
        // m2m:securityInfo (6.3.5.48), m2m:e2eSecInfo (6.3.5.52) and the ESPrim rand objects: the keys and objects
        // of the end-to-end procedures are texts, their algorithm and feature numbers lists of integers
        put(m, XmlShape.STRING, "eckm", "epo", "esri", "esrv", "esrx");
        put(m, XmlShape.OBJECT, "esro", "ero");
        put(m, XmlShape.INTEGER, "esk");
        m.put("esf", XmlShape.LIST_INTEGER);
        m.put("esks", XmlShape.LIST_INTEGER);
        m.put("espa", XmlShape.LIST_INTEGER);
        m.put("escert", XmlShape.LIST_STRING);
        return Map.copyOf(m);
    }

    private static void put(Map<String, XmlShape> m, XmlShape s, String... names) {
        for (String n : names) {
            m.put(n, s);
        }
    }
}
