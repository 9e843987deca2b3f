package io.bastion.cse.mcc;

import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.config.CseConfig;
import io.bastion.cse.config.MccConfig;
import io.bastion.store.ResourceStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The next hop towards another CSE, by the routing rule of TS-0001 clause 8.2.1 (accessing resources in other CSEs): a
 * {@code <remoteCSE>} whose {@code csi} or {@code descendantCSEs} ({@code dcse}) names the CSE-ID, at its
 * {@code pointOfAccess}; when none matches, the Registrar CSE, unless this CSE has none (an IN-CSE) or the request came
 * from the registrar itself, where the text says to answer with an error rather than forward.
 */
public final class NextHops {
    private final CseConfig config;
    private final MccConfig mcc;
    private final ResourceStore store;
    private final Clock clock;

    /**
     * A CSE to hand a request to.
     *
     * @param cseId the CSE-ID of the next hop
     * @param poas where to reach it, in its order: the {@code poa} of its {@code <remoteCSE>}, or
     *        {@code registrar.url} for the registrar; empty when it is reachable only by polling
     * @param registrar whether the hop is this CSE's registrar
     * @param remoteCse its {@code <remoteCSE>} here, or null (the registrar before registration completed)
     */
    public record Hop(String cseId, List<String> poas, boolean registrar, Resource remoteCse) {
        public Hop {
            poas = List.copyOf(poas);
        }
    }

    public NextHops(CseConfig config, MccConfig mcc, ResourceStore store, Clock clock) {
        this.config = config;
        this.mcc = mcc;
        this.store = store;
        this.clock = clock;
    }

    /**
     * The next hop towards the CSE {@code cseId} (SP-relative, {@code /id-mn}) for a request received from
     * {@code from} (the CSE-ID of the CSE that handed it over, or null when an AE or this CSE originated it); empty
     * when {@code cseId} is this CSE, or when no hop leads there.
     */
    public Optional<Hop> toward(String cseId, String from) {
        if (cseId.equals(config.cseId())) {
            return Optional.empty();
        }
        Optional<Resource> direct = live(store.get(cseId.substring(1)))
                .filter(r -> r.ty() == ResourceTypes.CSR && cseId.equals(r.getText("csi")));
        if (direct.isPresent()) {
            return Optional.of(hop(direct.get()));
        }
        for (Resource r : store.children(config.cseBaseRi(), ResourceTypes.CSR)) {
            if (live(Optional.of(r)).isPresent() && r.getList("dcse").contains(cseId)) {
                return Optional.of(hop(r));
            }
        }
        MccConfig.Registrar registrar = mcc.registrar();
        if (registrar == null || registrar.cseId().equals(from)) {
            return Optional.empty();
        }
        Resource here = live(store.get(registrar.cseId().substring(1))).orElse(null);
        return Optional.of(new Hop(registrar.cseId(), List.of(registrar.url()), true, here));
    }

    /** The CSE-ID of this CSE's registrar, or null when it has none (an IN-CSE). */
    public String registrarId() {
        return mcc.registrar() == null ? null : mcc.registrar().cseId();
    }

    private Hop hop(Resource remoteCse) {
        String csi = remoteCse.getText("csi");
        MccConfig.Registrar registrar = mcc.registrar();
        boolean isRegistrar = registrar != null && registrar.cseId().equals(csi);
        return new Hop(csi, isRegistrar ? List.of(registrar.url()) : remoteCse.getList("poa"), isRegistrar,
                remoteCse);
    }

    private Optional<Resource> live(Optional<Resource> r) {
        return r.filter(x -> !x.isExpired(clock.instant()));
    }
}
