package io.bastion.cse.location;

import io.bastion.cse.resource.UniversalAttributes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceType;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.core.time.Timestamps;
import io.bastion.cse.config.CseConfig;
import io.bastion.cse.request.RequestContext;
import io.bastion.cse.resource.CreateContext;
import io.bastion.cse.resource.IdGenerator;
import io.bastion.cse.resource.ResourceEvent;
import io.bastion.cse.resource.TypeBehaviour;
import io.bastion.store.ResourceStore;
import io.bastion.store.WriteBatch;
import java.time.Instant;
import java.util.List;
import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;

/**
 * {@code <locationPolicy>} (TS-0001 9.6.10, 10.2.9; TS-0004 7.4.10), for the Device_based source only.
 *
 * <p><b>Sources.</b> {@code los} 2 (Device_based) is served as Bastion reads it: the device reports its own
 * positions into the policy's location container (TS-0004 step 4 has the hosting CSE position itself "using location
 * determination modules", which a CSE without its own GPS cannot; the issue that asked for this type reads it as the
 * device writing, and so does Bastion). {@code los} 1 (Network_based) needs a location server (OMA MLP, OMA REST
 * Terminal Location, the 3GPP Monitoring Event API) and 3 (Sharing_based) the positions of nearby nodes: this CSE has
 * neither, so both are 5001 NOT_IMPLEMENTED, "a value that relates to a feature not supported" (TS-0004 7.3.3.3), as
 * is {@code lit} 2 (Geofence event, which needs a Geo-fence server).
 *
 * <p><b>Whose positions.</b> {@code lot} (locationTargetID) names the originator whose positions the container holds,
 * by its ID as it appears as originator (e.g. {@code Cdev}; an SP-relative {@code /id-in/Cdev} is kept in that short
 * form); without {@code lot} it is the creating originator. An originator other than the admin may name only itself,
 * so that nobody can claim to hold another's positions (4000), and one originator has at most one policy (4105).
 *
 * <p><b>The location container</b> is created with the policy (TS-0004 7.4.10.2.1 step 1, TS-0001 10.2.9.6), beside
 * it under the CSEBase (the texts do not say where), named {@code lon} or a CSE-assigned name (a name in use: 4105),
 * with {@code li} pointing back to the policy and the policy's {@code loi} to it. It has no {@code acpi}: its creator,
 * recorded as the {@code lot} originator, alone may write into it and read it until it links a policy; it keeps
 * {@code mni} 100 positions (its owner may change that); its expirationTime follows the policy's. Its instances must be
 * positions ({@code m2m:geoCoordinates} Points, checked by the contentInstance's behaviour). It is deleted with the
 * policy (TS-0004 7.4.10.2.4). {@code lou} is stored for the device to read; the CSE positions nothing itself.
 *
 * <p>A policy decides access (through {@link DeviceReportedPositions}), so its type is audited: its creation, changes
 * and deletion are written to the audit log whatever {@code audit.permits} says ({@code AuditedChanges}).
 */
public final class LocationPolicyBehaviour implements TypeBehaviour {
    static final int NETWORK_BASED = 1;
    static final int DEVICE_BASED = 2;
    static final int SHARING_BASED = 3;
    /** Positions a new location container keeps; its owner may change {@code mni}. */
    static final int DEFAULT_MAX_POSITIONS = 100;
    private static final String STATUS = "Device_based: positions are reported by the locationTargetID itself";

    private final CseConfig config;
    private final ResourceStore store;
    private final IdGenerator ids;

    public LocationPolicyBehaviour(CseConfig config, ResourceStore store, IdGenerator ids) {
        this.config = config;
        this.store = store;
        this.ids = ids;
    }

    @Override
    public ResourceType type() {
        return ResourceTypes.get(ResourceTypes.LCP);
    }

    @Override
    public void beforeCreate(CreateContext c) {
        requireServedSource(c.attrs.get("los").asLong());
        checkEnumerations(c.attrs);
        String lot = c.attrs.has("lot") ? shortForm(c.attrs.get("lot").asText()) : c.request.originator();
        if (lot.isEmpty()) {
            throw OneM2MException.badRequest("lot: must name the originator whose positions the policy holds");
        }
        if (!c.request.admin() && !lot.equals(c.request.originator())) {
            throw OneM2MException.badRequest("lot: a Device_based locationPolicy holds the positions its originator "
                    + "reports itself, so lot must be the originator's own ID (only the admin may name another)");
        }
        for (Resource other : store.children(c.parent.ri(), ResourceTypes.LCP)) {
            if (lot.equals(other.getText("lot"))) {
                throw new OneM2MException(ResponseStatusCode.CONFLICT, "lot: a locationPolicy for " + lot
                        + " already exists (" + other.path() + "); an originator has one");
            }
        }
        Resource container = locationContainer(c, lot);
        c.batch.create(container);
        c.events.add(new ResourceEvent(ResourceEvent.Kind.CREATED, container, null, c.request.originator()));
        c.attrs.put("lot", lot);
        c.attrs.put("loi", container.ri());
        c.attrs.put("lost", STATUS);
    }

    /** The container for the positions, beside the policy, owned by {@code lot}. */
    private Resource locationContainer(CreateContext c, String lot) {
        String ri = ids.next("cnt");
        String rn = c.attrs.has("lon") ? c.attrs.get("lon").asText() : ri;
        String path = c.parent.path() + "/" + rn;
        if (ResourceTypes.isReservedName(rn) || store.getByPath(path).isPresent()) {
            throw new OneM2MException(ResponseStatusCode.CONFLICT, "lon: a resource named " + rn
                    + " already exists or the name is reserved");
        }
        Instant et = expiry(c.attrs, c.now);
        ObjectNode a = c.attrs.objectNode();
        UniversalAttributes.put(a, ResourceTypes.CNT, ri, rn, c.parent.ri(), c.now, et).put("st", 0).put("cni", 0)
                .put("cbs", 0).put("mni", DEFAULT_MAX_POSITIONS).put("li", c.resourceId());
        return new Resource(ri, c.parent.ri(), ResourceTypes.CNT, path, a, lot, et);
    }

    /** The policy's expirationTime as the generic create will set it (the CSEBase has none to bound it). */
    private Instant expiry(ObjectNode attrs, Instant now) {
        if (!attrs.has("et")) {
            return now.plus(config.defaultExpiry());
        }
        Instant asked = Timestamps.parse(attrs.get("et").asText(), "et");
        Instant max = now.plus(config.maxExpiry());
        return asked.isAfter(max) ? max : asked;
    }

    @Override
    public void beforeUpdate(RequestContext x, Resource current, ObjectNode changes, ObjectNode merged,
                             WriteBatch batch) {
        checkEnumerations(changes);
        if (changes.has("et")) {
            // The container lives as long as its policy.
            containerOf(current).ifPresent(cnt -> {
                ObjectNode a = cnt.attrsCopy();
                a.set("et", merged.get("et"));
                batch.put(cnt.withAttrs(a, Timestamps.parse(merged.get("et").asText(), "et")));
            });
        }
    }

    /** TS-0004 7.4.10.2.4: the location container goes with the policy, and the subscriptions below it are told. */
    @Override
    public void beforeDelete(RequestContext x, Resource target, WriteBatch batch, List<ResourceEvent> events) {
        containerOf(target).ifPresent(cnt -> {
            for (String ri : store.descendants(cnt.ri())) {
                store.get(ri).filter(r -> r.ty() == ResourceTypes.SUB).ifPresent(s ->
                        events.add(new ResourceEvent(ResourceEvent.Kind.DELETED, s, null, x.originator())));
            }
            batch.delete(cnt);
            events.add(new ResourceEvent(ResourceEvent.Kind.DELETED, cnt, null, x.originator()));
        });
    }

    /** The policy's container, when it still exists and still names the policy. */
    private java.util.Optional<Resource> containerOf(Resource policy) {
        String loi = policy.getText("loi");
        return loi == null ? java.util.Optional.empty()
                : store.get(loi).filter(c -> c.ty() == ResourceTypes.CNT && policy.ri().equals(c.getText("li")));
    }

    private static void requireServedSource(long los) {
        switch ((int) Math.min(los, Integer.MAX_VALUE)) {
            case DEVICE_BASED -> {
            }
            case NETWORK_BASED -> throw new OneM2MException(ResponseStatusCode.NOT_IMPLEMENTED, "los 1 "
                    + "(Network_based) needs a location server, and this CSE has no location server; use los 2 "
                    + "(Device_based)");
            case SHARING_BASED -> throw new OneM2MException(ResponseStatusCode.NOT_IMPLEMENTED, "los 3 "
                    + "(Sharing_based) needs the positions of nearby nodes, which this CSE does not have; use los 2 "
                    + "(Device_based)");
            default -> throw OneM2MException.badRequest("los: must be 1 (Network_based), 2 (Device_based) or 3 "
                    + "(Sharing_based)");
        }
    }

    /** The enumerations and durations among {@code attrs} (a CREATE's or the changes of an UPDATE). */
    private static void checkEnumerations(ObjectNode attrs) {
        JsonNode lit = attrs.get("lit");
        if (lit != null && !lit.isNull()) {
            if (lit.asLong() == 2) {
                throw new OneM2MException(ResponseStatusCode.NOT_IMPLEMENTED, "lit 2 (Geofence event) needs a "
                        + "Geo-fence server, and this CSE has none; use lit 1 (Position fix)");
            }
            if (lit.asLong() != 1) {
                throw OneM2MException.badRequest("lit: must be 1 (Position fix) or 2 (Geofence event)");
            }
        }
        JsonNode gec = attrs.get("gec");
        if (gec != null && !gec.isNull() && (gec.asLong() < 1 || gec.asLong() > 4)) {
            throw OneM2MException.badRequest("gec: must be 1 (Entering), 2 (Leaving), 3 (Inside) or 4 (Outside)");
        }
        JsonNode luec = attrs.get("luec");
        if (luec != null && !luec.isNull() && luec.asLong() != 0) {
            throw OneM2MException.badRequest("luec: must be 0 (Location_Change)");
        }
        JsonNode lou = attrs.get("lou");
        if (lou != null && !lou.isNull()) {
            checkPeriods(lou);
        }
    }

    /**
     * {@code lou}: xs:durations; a zero period means "on retrieval" and may not stand beside non-zero ones
     * (TS-0001 9.6.10).
     */
    private static void checkPeriods(JsonNode lou) {
        boolean zero = false;
        boolean nonZero = false;
        for (int i = 0; i < lou.size(); i++) {
            String d = lou.get(i).asText();
            long millis;
            try {
                millis = DURATIONS.newDuration(d).getTimeInMillis(new java.util.Date(0));
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                throw OneM2MException.badRequest("lou[" + i + "]: must be an xs:duration such as PT1M");
            }
            if (millis < 0) {
                throw OneM2MException.badRequest("lou[" + i + "]: a period cannot be negative");
            }
            zero |= millis == 0;
            nonZero |= millis > 0;
        }
        if (zero && nonZero) {
            throw OneM2MException.badRequest("lou: a zero period (position on retrieval) cannot stand beside "
                    + "non-zero periods");
        }
    }

    private static final DatatypeFactory DURATIONS;

    static {
        try {
            DURATIONS = DatatypeFactory.newInstance();
        } catch (DatatypeConfigurationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** {@code /id-in/Cdev} as {@code Cdev}: the form in which an originator of this CSE is compared. */
    private String shortForm(String id) {
        String prefix = config.cseId() + "/";
        return id.startsWith(prefix) ? id.substring(prefix.length()) : id;
    }
}
