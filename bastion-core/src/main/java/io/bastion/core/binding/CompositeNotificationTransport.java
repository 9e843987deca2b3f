package io.bastion.core.binding;

import io.bastion.core.codec.Serialization;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Offers several transports (one per binding) as one: each target goes to the first transport that supports it. */
public final class CompositeNotificationTransport implements NotificationTransport {
    private final List<NotificationTransport> transports;

    public CompositeNotificationTransport(List<NotificationTransport> transports) {
        this.transports = List.copyOf(transports);
    }

    @Override
    public boolean supports(String poa) {
        return transports.stream().anyMatch(t -> t.supports(poa));
    }

    @Override
    public String targetOf(String poa, String aeId) {
        for (NotificationTransport t : transports) {
            if (t.supports(poa)) {
                return t.targetOf(poa, aeId);
            }
        }
        return poa;
    }

    @Override
    public CompletableFuture<Response> send(String poa, Request notify, Serialization serialization,
                                            Duration timeout) {
        for (NotificationTransport t : transports) {
            if (t.supports(poa)) {
                return t.send(poa, notify, serialization, timeout);
            }
        }
        return CompletableFuture.failedFuture(new IllegalArgumentException("no transport for " + poa));
    }
}
