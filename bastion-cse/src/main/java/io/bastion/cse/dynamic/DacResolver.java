package io.bastion.cse.dynamic;

import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.request.Target;
import io.bastion.cse.address.TargetResolver;
import io.bastion.store.ResourceStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which {@code <dynamicAuthorizationConsultation>} resources apply to a target (TS-0001 9.6.1.3
 * dynamicAuthorizationConsultationIDs; TS-0004 7.5.1.2.10): those its {@code daci} links; when it links none that
 * exists (attribute absent, or every link dangling, expired or of another type), its parent's, and so up to the
 * CSEBase; when no level has one, the system default dac of the configuration, if any.
 *
 * <p>The walk stops at the first level that links an existing dac, whether enabled or not: a resource owner who links
 * a disabled dac has said "do not consult" for that subtree, and an ancestor's dac must not override it. Of the dacs
 * found, only the enabled ones ({@code dae} true) are returned; an empty result means "no consultation".
 */
public final class DacResolver {
    private static final int MAX_WALK = 64;

    private final ResourceStore store;
    private final TargetResolver resolver;
    private final String defaultDac;

    public DacResolver(ResourceStore store, TargetResolver resolver, String defaultDac) {
        this.store = store;
        this.resolver = resolver;
        this.defaultDac = defaultDac;
    }

    /**
     * Where the walk ended, for {@code explain}.
     *
     * @param found the existing dacs of the level that decided, enabled or not, in daci order
     * @param enabled those of them that are enabled: the ones a consultation asks
     * @param linkedBy the resource ID whose daci linked them, or null for the system default (or when none applies)
     */
    public record Resolution(List<Resource> found, List<Resource> enabled, String linkedBy) {
    }

    /** The enabled dacs that govern {@code target}, in daci order; empty when consultation does not apply. */
    public List<Resource> enabledFor(Resource target) {
        return resolve(target).enabled();
    }

    /** The daci walk of the class comment, with where it ended. */
    public Resolution resolve(Resource target) {
        Resource cur = target;
        for (int i = 0; i < MAX_WALK && cur != null; i++) {
            List<Resource> linked = linked(cur);
            if (!linked.isEmpty()) {
                return new Resolution(linked, enabled(linked), cur.ri());
            }
            cur = cur.pi() == null ? null : store.get(cur.pi()).orElse(null);
        }
        if (defaultDac == null) {
            return new Resolution(List.of(), List.of(), null);
        }
        List<Resource> d = dac(defaultDac).map(List::of).orElse(List.of());
        return new Resolution(d, enabled(d), null);
    }

    /** The existing, unexpired dacs {@code r} links through daci. */
    private List<Resource> linked(Resource r) {
        List<String> daci = r.getList("daci");
        if (daci.isEmpty()) {
            return List.of();
        }
        List<Resource> out = new ArrayList<>(daci.size());
        for (String id : daci) {
            dac(id).ifPresent(out::add);
        }
        return out;
    }

    private Optional<Resource> dac(String id) {
        try {
            Target t = resolver.resolve(id);
            return !t.isVirtual() && t.resource().ty() == ResourceTypes.DAC
                    ? Optional.of(t.resource()) : Optional.empty();
        } catch (OneM2MException e) {
            return Optional.empty(); // a dangling link is skipped (TS-0001 9.6.1.3)
        }
    }

    private static List<Resource> enabled(List<Resource> dacs) {
        List<Resource> out = new ArrayList<>(dacs.size());
        for (Resource d : dacs) {
            if (d.get("dae") != null && d.get("dae").asBoolean(false) && d.get("dae").isBoolean()) {
                out.add(d);
            }
        }
        return out;
    }
}
