package io.bastion.cse.address;

import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.core.resource.VirtualChild;
import io.bastion.cse.config.CseConfig;
import io.bastion.cse.request.Target;
import io.bastion.store.ResourceStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Turns the {@code to} parameter into a {@link Target} (TS-0001 9.3.1, TS-0004 6.2.3): CSE-relative, SP-relative
 * ({@code /cse-id/...}) and absolute ({@code //sp-id/cse-id/...}) forms, each structured ({@code cse-in/ae/cnt}) or
 * unstructured (a resource ID), followed or not by a virtual child its type declares ({@code la}, {@code fopt/...}).
 * Expired resources, and resources below an expired one, are not found. The target carries the ancestors read to
 * find that out.
 */
public final class TargetResolver {
    private static final int MAX_ADDRESS = 2048;
    private static final int MAX_ANCESTRY = 64;

    private final CseConfig config;
    private final ResourceStore store;
    private final Clock clock;

    public TargetResolver(CseConfig config, ResourceStore store, Clock clock) {
        this.config = config;
        this.store = store;
        this.clock = clock;
    }

    public Target resolve(String to) {
        return resolveCseRelative(toCseRelative(to));
    }

    /**
     * The live resource of this CSE an address names (CSE-relative, SP-relative or absolute, structured or by
     * resource ID), empty when it names none, a virtual resource or another CSE's: for a link an attribute makes.
     */
    public Optional<Resource> resource(String address) {
        try {
            Target t = resolve(address);
            return t.isVirtual() ? Optional.empty() : Optional.of(t.resource());
        } catch (OneM2MException e) {
            return Optional.empty();
        }
    }

    /**
     * Strips the SP-relative or absolute prefix of an address of this CSE; other CSEs are unknown here. An empty
     * M2M-SP-ID or CSE-ID segment is refused like any empty segment (4000), not looked up.
     */
    public String toCseRelative(String to) {
        if (to == null || to.isEmpty()) {
            throw OneM2MException.badRequest("missing target address (to)");
        }
        if (to.length() > MAX_ADDRESS) {
            throw OneM2MException.badRequest("target address longer than " + MAX_ADDRESS + " characters");
        }
        String rel = to;
        if (rel.startsWith("//")) {
            int slash = rel.indexOf('/', 2);
            String sp = slash < 0 ? rel.substring(2) : rel.substring(2, slash);
            if (sp.isEmpty()) {
                throw emptySegment();
            }
            if (!sp.equalsIgnoreCase(config.spId())) {
                throw new OneM2MException(ResponseStatusCode.NOT_FOUND, "unknown M2M-SP-ID " + sp
                        + ": this CSE forwards to no other service provider");
            }
            rel = slash < 0 ? "" : rel.substring(slash);
        }
        if (rel.startsWith("/")) {
            int slash = rel.indexOf('/', 1);
            String cse = slash < 0 ? rel : rel.substring(0, slash);
            if (cse.length() == 1) {
                throw emptySegment();
            }
            if (!cse.equals(config.cseId())) {
                throw OneM2MException.notFound("unknown CSE " + cse + ": no such registered CSE");
            }
            rel = slash < 0 ? config.cseBaseName() : rel.substring(slash + 1);
            if (rel.isEmpty()) {
                throw emptySegment(); // "/id-in/": a trailing '/' after the CSE-ID
            }
        }
        if (rel.isEmpty()) {
            throw OneM2MException.badRequest("empty target address");
        }
        return rel;
    }

    private Target resolveCseRelative(String rel) {
        String[] segs = rel.split("/", -1);
        for (String s : segs) {
            if (s.isEmpty() || s.equals(".") || s.equals("..")) {
                throw emptySegment();
            }
        }
        if (segs[0].equals(config.cseBaseName()) || segs[0].equals("-")) {
            if (segs[0].equals("-")) {
                segs[0] = config.cseBaseName();
                rel = String.join("/", segs);
            }
            return structured(rel, segs);
        }
        // Unstructured: a resource ID, optionally followed by a virtual child and what may follow it.
        Target found = target(store.get(segs[0]))
                .orElseThrow(() -> OneM2MException.notFound("resource " + segs[0] + " not found"));
        if (segs.length == 1) {
            return found;
        }
        return virtual(found, segs, 1, rel);
    }

    private Target structured(String rel, String[] segs) {
        // The names of virtual children are reserved (no stored resource may take them), so the first one decides:
        // the stored prefix before it is the resource it belongs to, and no lookup of the full path is needed.
        for (int i = 1; i < segs.length; i++) {
            if (ResourceTypes.isReservedName(segs[i])) {
                String parentPath = String.join("/", Arrays.copyOfRange(segs, 0, i));
                Target parent = target(store.getByPath(parentPath))
                        .orElseThrow(() -> OneM2MException.notFound("resource " + rel + " not found"));
                return virtual(parent, segs, i, rel);
            }
        }
        return target(store.getByPath(rel))
                .orElseThrow(() -> OneM2MException.notFound("resource " + rel + " not found"));
    }

    /** The virtual child {@code segs[at]} of the resolved {@code parent}, as its type declares it. */
    private static Target virtual(Target parent, String[] segs, int at, String rel) {
        Resource r = parent.resource();
        VirtualChild v = ResourceTypes.of(r).virtualChild(segs[at]);
        boolean last = at == segs.length - 1;
        if (v == null || !last && !v.pathBelow()) {
            throw OneM2MException.notFound("resource " + rel + " not found");
        }
        String rest = last ? "" : String.join("/", Arrays.copyOfRange(segs, at + 1, segs.length));
        return new Target(r, v, rest, parent.ancestors());
    }

    /**
     * The one refusal of an empty (also a trailing '/'), '.' or '..' segment, whichever door the address came through
     * (TS-0001 table 7.2-1: a Structured-CSE-relative-Resource-ID is segments "separated by the '/' character").
     */
    private static OneM2MException emptySegment() {
        return OneM2MException.badRequest("invalid target address: empty, '.' or '..' segment");
    }

    /** A resource counts only while it and all its ancestors are unexpired. */
    public Optional<Resource> live(Optional<Resource> found) {
        return found.isEmpty() || chain(found.get(), clock.instant()) == null ? Optional.empty() : found;
    }

    /** The found resource with its ancestors, if it and they are all unexpired ({@link #live}). */
    private Optional<Target> target(Optional<Resource> found) {
        if (found.isEmpty()) {
            return Optional.empty();
        }
        List<Resource> ancestors = chain(found.get(), clock.instant());
        return ancestors == null ? Optional.empty() : Optional.of(Target.of(found.get(), ancestors));
    }

    /**
     * The ancestors of {@code r}, the CSEBase first, read from the store once; null when {@code r} or one of them has
     * expired or one is missing. Of a resource nested deeper than {@link #MAX_ANCESTRY} levels, only the nearest
     * ones are checked and returned (a bound on a corrupt parent chain).
     */
    private List<Resource> chain(Resource r, Instant now) {
        if (r.isExpired(now)) {
            return null;
        }
        if (r.pi() == null) {
            return List.of();
        }
        Resource[] up = new Resource[8];
        int n = 0;
        for (Resource cur = r; cur.pi() != null && n < MAX_ANCESTRY; ) {
            cur = store.get(cur.pi()).orElse(null);
            if (cur == null || cur.isExpired(now)) {
                return null;
            }
            if (n == up.length) {
                up = Arrays.copyOf(up, n * 2);
            }
            up[n++] = cur;
        }
        return switch (n) { // nearest first in up; List.of copies, so reverse while copying
            case 1 -> List.of(up[0]);
            case 2 -> List.of(up[1], up[0]);
            default -> {
                Resource[] down = new Resource[n];
                for (int i = 0; i < n; i++) {
                    down[i] = up[n - 1 - i];
                }
                yield List.of(down);
            }
        };
    }
}
