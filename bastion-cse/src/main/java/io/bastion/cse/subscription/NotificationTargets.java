package io.bastion.cse.subscription;

import io.bastion.core.codec.Codecs;
import io.bastion.core.codec.Serialization;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.core.text.Excerpt;
import io.bastion.cse.address.TargetResolver;
import io.bastion.cse.notification.LocalReceiver;
import io.bastion.cse.notification.NotificationRoute;
import io.bastion.core.binding.NotificationTransport;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a {@code nu}/{@code su} entry into a {@link NotificationRoute}: a URL is used as it is, in the serialization
 * of its {@code ct=} query ({@link NotificationUri}, JSON without one); an AE-ID or a resource ID of a local AE
 * stands for that AE's points of access in a serialization it takes ({@link NotificationRoute#toAe}); a local resource
 * of a type that takes notifications in process (a crossResourceSubscription) is reached as itself
 * ({@link NotificationRoute.Local}); an address on
 * another CSE ({@code /id-mn/Cxyz}) is reached through the CSE path when this CSE can forward there
 * ({@link NotificationRoute.Forwarded}).
 */
public final class NotificationTargets {
    private final TargetResolver resolver;
    private final NotificationTransport transport;
    private final Set<Integer> inProcess;

    /** @param inProcess the resource types that take their notifications in process ({@link LocalReceiver}) */
    public NotificationTargets(TargetResolver resolver, NotificationTransport transport, Set<Integer> inProcess) {
        this.resolver = resolver;
        this.transport = transport;
        this.inProcess = Set.copyOf(inProcess);
    }

    public static boolean isUrl(String nu) {
        // any scheme a door may send to (http, https, mqtt, mqtts, ws…): no ID holds "://"
        int colon = nu.indexOf("://");
        if (colon <= 0) {
            return false;
        }
        for (int i = 0; i < colon; i++) {
            char c = nu.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')) {
                return false;
            }
        }
        return true;
    }

    /** The local resource an entry names, if it is not a URL. */
    public Optional<Resource> localResource(String nu) {
        if (isUrl(nu)) {
            return Optional.empty();
        }
        try {
            return Optional.of(resolver.resolve(nu).resource());
        } catch (OneM2MException e) {
            return Optional.empty();
        }
    }

    /**
     * The {@code <node>} whose schedules are the reachability schedule of the AE an entry names (the AE's
     * {@code nl}, TS-0004 7.4.9.1 example 1), or null for a URL, another resource, or an AE that links no node.
     */
    public String nodeOf(String nu) {
        return localResource(nu).filter(r -> r.ty() == ResourceTypes.AE)
                .map(ae -> ae.getText("nl"))
                .flatMap(this::localResource)
                .filter(n -> n.ty() == ResourceTypes.NODE)
                .map(Resource::ri)
                .orElse(null);
    }

    /** Where notifications for an entry go now, or why they cannot. */
    public NotificationRoute route(String nu) {
        if (isUrl(nu)) {
            NotificationUri uri;
            try {
                uri = NotificationUri.parse(nu);
            } catch (OneM2MException e) {
                // stored before its ct was checked
                return new NotificationRoute.Blocked(ResponseStatusCode.BAD_REQUEST, e.getMessage());
            }
            Serialization s = uri.ct() == null ? Serialization.JSON : uri.ct();
            if (!Codecs.serves(s)) {
                return new NotificationRoute.Blocked(ResponseStatusCode.NOT_IMPLEMENTED, "notification target "
                        + Excerpt.of(nu) + " asks for ct=" + s.ct() + ", which this CSE does not write");
            }
            if (!transport.supports(uri.target())) {
                return new NotificationRoute.Blocked(ResponseStatusCode.TARGET_NOT_REACHABLE,
                        "notification target " + Excerpt.of(nu) + " uses a scheme this CSE cannot send to");
            }
            return new NotificationRoute.Via(List.of(uri.target()), s);
        }
        if (transport.supports(nu)) {
            // an AE-ID (or another address) on another CSE: through the CSE path (RetargetingNotificationTransport)
            return new NotificationRoute.Forwarded(nu);
        }
        Resource local = localResource(nu).orElse(null);
        if (local != null && local.ty() == ResourceTypes.AE) {
            return NotificationRoute.toAe(local, transport);
        }
        if (local != null && inProcess.contains(local.ty())) {
            return new NotificationRoute.Local(local);
        }
        return new NotificationRoute.Blocked(ResponseStatusCode.TARGET_NOT_REACHABLE,
                "notification target " + Excerpt.of(nu) + " is not an AE of this CSE");
    }
}
