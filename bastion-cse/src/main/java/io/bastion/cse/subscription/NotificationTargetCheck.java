package io.bastion.cse.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.core.binding.NotificationTransport;
import io.bastion.core.codec.Codecs;
import io.bastion.core.codec.Serialization;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.Resource;
import io.bastion.core.text.Excerpt;
import io.bastion.cse.access.AccessControl;
import io.bastion.cse.notification.Notifications;
import io.bastion.cse.notification.NotificationRoute;
import io.bastion.cse.request.RequestContext;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Whether the notifications of a subscription may go to each new {@code notificationURI} entry (TS-0004 7.4.8.2.1,
 * 7.5.1.2.3): a URL target answers a verification request, in its serialization, before the subscription exists (5204
 * when it cannot be asked or answers otherwise, 4101 when it says the subscriber has no privilege there); a resource of
 * this CSE other than the subscriber itself needs the subscriber's NOTIFY privilege by its own policies (4101, audited).
 */
public final class NotificationTargetCheck {
    private final AccessControl access;
    private final NotificationTargets targets;
    private final NotificationTransport transport;
    private final Notifications notifications;
    private final Duration timeout;

    /** @param timeout how long a URL target may take to answer its verification request */
    public NotificationTargetCheck(AccessControl access, NotificationTargets targets, NotificationTransport transport,
                                   Notifications notifications, Duration timeout) {
        this.access = access;
        this.targets = targets;
        this.transport = transport;
        this.notifications = notifications;
        this.timeout = timeout;
    }

    /**
     * Checks the entries of {@code nu} in order; the first that may not be notified refuses the request.
     *
     * @param subscriptionRi the resource ID of the subscription, created or updated
     */
    public void check(RequestContext x, JsonNode nu, String subscriptionRi) {
        String sur = notifications.subscriptionReference(subscriptionRi);
        for (JsonNode n : nu) {
            String entry = n.asText();
            if (NotificationTargets.isUrl(entry)) {
                NotificationUri uri = url(entry);
                verify(uri.target(), uri.ct() == null ? Serialization.JSON : uri.ct(), sur, x.originator());
                continue;
            }
            if (targets.route(entry) instanceof NotificationRoute.Forwarded f) {
                // An AE of another CSE: its hosting CSE decides its NOTIFY privilege when the request reaches it;
                // the subscriber itself needs no verification (TS-0004 7.5.1.2.3), anyone else's target gets one.
                if (!entry.equals(x.originator())) {
                    verify(f.target(), f.serialization(), sur, x.originator());
                }
                continue;
            }
            Resource target = targets.localResource(entry).orElseThrow(() -> OneM2MException.badRequest(
                    "notification target " + entry + " is neither a URL nor a resource of this CSE"));
            if (!target.ri().equals(x.originator())
                    && !access.audited(x, target, Operation.NOTIFY,
                            ResponseStatusCode.SUBSCRIPTION_CREATOR_HAS_NO_PRIVILEGE).permitted()) {
                throw new OneM2MException(ResponseStatusCode.SUBSCRIPTION_CREATOR_HAS_NO_PRIVILEGE, refusal(entry));
            }
        }
    }

    /**
     * The refusal of a subscriber without NOTIFY on a local notification target (4101), {@code named} as its
     * {@code nu} gave it: the originator learns nothing of the target's policies.
     */
    static String refusal(String named) {
        return "NOTIFY to notification target " + Excerpt.of(named) + " refused: the subscriber has no NOTIFY "
                + "privilege on it";
    }

    /**
     * A URL entry with its serialization indication checked (4000 when malformed) and removed; 5001 when it asks for
     * one this CSE does not write, since the notifications could never be sent as asked.
     */
    public static void checkUrl(String nu) {
        url(nu);
    }

    static NotificationUri url(String nu) {
        NotificationUri uri = NotificationUri.parse(nu);
        if (uri.ct() != null && !Codecs.serves(uri.ct())) {
            throw new OneM2MException(ResponseStatusCode.NOT_IMPLEMENTED, "notification target " + Excerpt.of(nu)
                    + " asks for ct=" + uri.ct().ct() + ", which this CSE does not write (it writes json and cbor)");
        }
        return uri;
    }

    /** The synchronous verification request of TS-0004 7.5.1.2.3, in the target's serialization. */
    private void verify(String url, Serialization serialization, String sur, String creator) {
        if (!transport.supports(url)) {
            throw new OneM2MException(ResponseStatusCode.SUBSCRIPTION_VERIFICATION_INITIATION_FAILED,
                    "notification target " + url + " uses a scheme this CSE cannot send to");
        }
        Request vrq = notifications.verification(url, sur, creator);
        Response r;
        try {
            r = transport.send(url, vrq, serialization, timeout)
                    .get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
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
