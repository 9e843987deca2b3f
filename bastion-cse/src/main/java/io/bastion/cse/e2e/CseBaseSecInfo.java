package io.bastion.cse.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.resource.Resource;
import io.bastion.core.time.Timestamps;
import io.bastion.cse.resource.ResourceEvent;
import io.bastion.cse.resource.ResourceLocks;
import io.bastion.security.e2e.E2eSecInfo;
import io.bastion.security.e2e.EsprimReceiver;
import io.bastion.store.ResourceStore;
import io.bastion.store.WriteBatch;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The CSEBase's {@code e2eSecInfo} ({@code esi}, TS-0003 8.4.2 A and B.1), which this CSE maintains and no request
 * changes: {@code esf} [13] (ESPrim with a pre-provisioned pairwise key), with 43 (a certificate for ESPrim) and that
 * certificate in {@code escert} when this CSE is an ESCertKE end-point (TS-0004 table 6.3.4.2.39-1 has no SUID for
 * ESCertKE; 43 is the SUID of a certificate used for ESPrim, which is what ESCertKE with this CSE does), and
 * {@code esro}, the shared receiverESPrimRandObject, written again each time the receiver rotates it
 * (when less than half of its lifetime is left; {@link EsprimReceiver#sharedRandObject}). {@link #run} is called at
 * start and then periodically; a change is an UPDATE of the CSEBase on the committed chain, so its subscribers hear of
 * it.
 */
public final class CseBaseSecInfo implements Runnable {
    private final String cseBaseRi;
    private final String cseId;
    private final ResourceStore store;
    private final ResourceLocks locks;
    private final EsprimReceiver receiver;
    private final Clock clock;
    private final Consumer<List<ResourceEvent>> committed;
    private final List<Integer> esf;
    private final List<String> escert;

    /**
     * @param escert the certificate this CSE is an ESCertKE end-point with (base64 DER), or none: then {@code esf}
     *        is [13] alone
     */
    public CseBaseSecInfo(String cseBaseRi, String cseId, ResourceStore store, ResourceLocks locks,
                          EsprimReceiver receiver, Clock clock, Consumer<List<ResourceEvent>> committed,
                          List<String> escert) {
        this.cseBaseRi = cseBaseRi;
        this.cseId = cseId;
        this.store = store;
        this.locks = locks;
        this.receiver = receiver;
        this.clock = clock;
        this.committed = committed;
        this.escert = List.copyOf(escert);
        this.esf = escert.isEmpty() ? List.of(E2eSecInfo.SUID_PROVISIONED_ESPRIM)
                : List.of(E2eSecInfo.SUID_PROVISIONED_ESPRIM, E2eSecInfo.SUID_CERTIFICATE_ESPRIM);
    }

    /** The {@code esi} this CSE shows now. */
    public ObjectNode current() {
        return new E2eSecInfo(esf, escert, receiver.sharedRandObject())
                .toJson();
    }

    @Override
    public void run() {
        ObjectNode esi = current();
        Resource updated;
        Resource before;
        locks.lock(cseBaseRi);
        try {
            before = store.get(cseBaseRi).orElse(null);
            JsonNode stored = before == null ? null : before.get("esi");
            if (before == null || esi.equals(stored)) {
                return;
            }
            ObjectNode a = before.attrsCopy();
            a.set("esi", esi);
            a.put("lt", Timestamps.format(clock.instant()));
            updated = before.withAttrs(a, before.expiry());
            store.write(new WriteBatch().put(updated));
        } finally {
            locks.unlock(cseBaseRi);
        }
        ObjectNode modified = JsonNodeFactory.instance.objectNode().set("esi", esi);
        committed.accept(List.of(new ResourceEvent(ResourceEvent.Kind.UPDATED, updated, modified, cseId, null,
                Set.of(), before)));
    }
}
