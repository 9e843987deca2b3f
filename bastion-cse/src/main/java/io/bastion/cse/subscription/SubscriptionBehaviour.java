package io.bastion.cse.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.CseConfig;
import io.bastion.cse.access.AccessControl;
import io.bastion.cse.notification.BatchPolicy;
import io.bastion.cse.notification.NotificationTransport;
import io.bastion.cse.notification.Notifications;
import io.bastion.cse.pipeline.Exchange;
import io.bastion.cse.resource.CreateContext;
import io.bastion.cse.resource.TypeBehaviour;
import io.bastion.store.WriteBatch;
import java.time.Duration;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code <subscription>} (TS-0004 7.4.8.2.1): checks the subscriber may RETRIEVE the subscribed-to resource and
 * NOTIFY each local notification target (4101), validates {@code enc}, {@code nct} and {@code bn}, and verifies
 * every URL target with a verification request before the subscription exists (5204 when one fails; 4101 when
 * the target says the subscriber has no privilege).
 */
public final class SubscriptionBehaviour implements TypeBehaviour {
    /** Event types this CSE raises: update, delete, create of child, delete of child. */
    static final Set<Integer> SUPPORTED_NET = Set.of(1, 2, 3, 4);
    private static final Set<Integer> SUPPORTED_NCT = Set.of(1, 2, 3);
    private static final int MAX_NU = 32;

    private final CseConfig config;
    private final AccessControl access;
    private final NotificationTargets targets;
    private final NotificationTransport transport;
    private final Notifications notifications;

    public SubscriptionBehaviour(CseConfig config, AccessControl access, NotificationTargets targets,
                                 NotificationTransport transport, Notifications notifications) {
        this.config = config;
        this.access = access;
        this.targets = targets;
        this.transport = transport;
        this.notifications = notifications;
    }

    @Override
    public int ty() {
        return ResourceTypes.SUB;
    }

    @Override
    public void beforeCreate(CreateContext c) {
        Exchange x = c.exchange;
        access.require(x, c.parent, Operation.RETRIEVE, "the subscribed-to resource (needed to subscribe to it)");
        validate(c.parent, c.attrs);
        String sur = notifications.subscriptionReference(c.resourceId());
        for (JsonNode n : c.attrs.get("nu")) {
            String nu = n.asText();
            if (NotificationTargets.isUrl(nu)) {
                verify(nu, sur, x.originator());
                continue;
            }
            Resource target = targets.localResource(nu).orElseThrow(() -> OneM2MException.badRequest(
                    "notification target " + nu + " is neither a URL nor a resource of this CSE"));
            if (!target.ri().equals(x.originator())) {
                access.requireNotify(x, target, nu);
            }
        }
    }

    @Override
    public void beforeUpdate(Exchange x, Resource current, ObjectNode changes, ObjectNode merged, WriteBatch batch) {
        validate(null, merged); // enc.chty was checked against the parent at creation
        if (changes.has("nu")) {
            for (JsonNode n : changes.get("nu")) {
                String nu = n.asText();
                if (NotificationTargets.isUrl(nu)) {
                    verify(nu, notifications.subscriptionReference(current.ri()), x.originator());
                } else {
                    Resource target = targets.localResource(nu).orElseThrow(() -> OneM2MException.badRequest(
                            "notification target " + nu + " is neither a URL nor a resource of this CSE"));
                    if (!target.ri().equals(x.originator())) {
                        access.requireNotify(x, target, nu);
                    }
                }
            }
        }
    }

    private void validate(Resource parent, ObjectNode attrs) {
        JsonNode nu = attrs.get("nu");
        if (nu == null || nu.isEmpty()) {
            throw OneM2MException.badRequest("notificationURI (nu) must name at least one target");
        }
        if (nu.size() > MAX_NU) {
            throw OneM2MException.badRequest("notificationURI (nu) has more than " + MAX_NU + " targets");
        }
        for (JsonNode n : nu) {
            if (n.asText().isBlank()) {
                throw OneM2MException.badRequest("notificationURI (nu) contains an empty target");
            }
        }
        JsonNode enc = attrs.get("enc");
        if (enc != null) {
            for (Iterator<String> it = enc.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!f.equals("net") && !f.equals("chty")) {
                    throw OneM2MException.badRequest("eventNotificationCriteria member enc." + f
                            + " is not supported by this CSE");
                }
            }
            checkIntList(enc.get("net"), "enc.net", SUPPORTED_NET);
            JsonNode chty = enc.get("chty");
            if (chty != null) {
                checkIntList(chty, "enc.chty", null);
                if (parent != null) {
                    for (JsonNode t : chty) {
                        if (!ResourceTypes.get(parent.ty()).allowsChild(t.asInt())) {
                            throw OneM2MException.badRequest("enc.chty " + t.asInt()
                                    + " is not a child type of the subscribed-to resource");
                        }
                    }
                }
            }
        }
        if (attrs.has("nct") && !(attrs.get("nct").canConvertToInt()
                && SUPPORTED_NCT.contains(attrs.get("nct").asInt()))) {
            throw OneM2MException.badRequest("notificationContentType (nct) must be 1, 2 or 3");
        }
        if (attrs.has("bn")) {
            BatchPolicy.fromJson(attrs.get("bn"), Duration.ofSeconds(1)); // 4000 naming the member when malformed
        }
    }

    private static void checkIntList(JsonNode list, String where, Set<Integer> allowed) {
        if (list == null) {
            return;
        }
        if (!list.isArray() || list.isEmpty()) {
            throw OneM2MException.badRequest(where + " must be a non-empty list of integers");
        }
        for (JsonNode v : list) {
            if (!v.isIntegralNumber() || !v.canConvertToInt() || (allowed != null && !allowed.contains(v.asInt()))) {
                throw OneM2MException.badRequest(where + " value " + v + " is not supported; supported: "
                        + (allowed == null ? "resource types" : allowed));
            }
        }
    }

    /** The synchronous verification request of TS-0004 7.5.1.2.3. */
    private void verify(String url, String sur, String creator) {
        if (!transport.supports(url)) {
            throw new OneM2MException(ResponseStatusCode.SUBSCRIPTION_VERIFICATION_INITIATION_FAILED,
                    "notification target " + url + " uses a scheme this CSE cannot send to");
        }
        Request vrq = notifications.verification(url, sur, creator);
        Duration timeout = config.verificationTimeout();
        Response r;
        try {
            r = transport.send(url, vrq, timeout).get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OneM2MException(ResponseStatusCode.SUBSCRIPTION_VERIFICATION_INITIATION_FAILED,
                    "verification of " + url + " was interrupted");
        } catch (Exception e) {
            throw new OneM2MException(ResponseStatusCode.SUBSCRIPTION_VERIFICATION_INITIATION_FAILED,
                    "verification request to " + url + " could not be delivered");
        }
        if (r.rsc() == ResponseStatusCode.SUBSCRIPTION_CREATOR_HAS_NO_PRIVILEGE
                || r.rsc() == ResponseStatusCode.ORIGINATOR_HAS_NO_PRIVILEGE) {
            throw new OneM2MException(ResponseStatusCode.SUBSCRIPTION_CREATOR_HAS_NO_PRIVILEGE,
                    "notification target " + url + " refused: the subscriber has no NOTIFY privilege there");
        }
        if (r.rsc() != ResponseStatusCode.OK) {
            throw new OneM2MException(ResponseStatusCode.SUBSCRIPTION_VERIFICATION_INITIATION_FAILED,
                    "notification target " + url + " answered the verification with " + r.rsc().code());
        }
    }
}
