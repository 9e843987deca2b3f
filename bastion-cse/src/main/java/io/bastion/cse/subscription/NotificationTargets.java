package io.bastion.cse.subscription;

import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.address.TargetResolver;
import io.bastion.cse.notification.NotificationTransport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a {@code nu}/{@code su} entry into where notifications are sent: a URL is used as it is; an AE-ID or a
 * resource ID of a local AE stands for that AE's points of access ({@code poa}).
 */
public final class NotificationTargets {
    private final TargetResolver resolver;
    private final NotificationTransport transport;

    public NotificationTargets(TargetResolver resolver, NotificationTransport transport) {
        this.resolver = resolver;
        this.transport = transport;
    }

    public static boolean isUrl(String nu) {
        return nu.startsWith("http://") || nu.startsWith("https://");
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

    /** The points of access to send to for an entry (empty when it cannot be reached). */
    public List<String> addresses(String nu) {
        if (isUrl(nu)) {
            return transport.supports(nu) ? List.of(nu) : List.of();
        }
        List<String> out = new ArrayList<>();
        localResource(nu).filter(r -> r.ty() == ResourceTypes.AE).ifPresent(ae -> {
            for (String poa : ae.getList("poa")) {
                if (transport.supports(poa)) {
                    out.add(poa);
                    break; // one point of access per AE: the first one this CSE can reach
                }
            }
        });
        return out;
    }
}
