package io.bastion.cse.mcc;

import io.bastion.core.id.IdForms;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.core.text.Excerpt;
import io.bastion.cse.config.CseConfig;
import io.bastion.cse.config.MccConfig;
import io.bastion.cse.request.Handover;
import io.bastion.store.ResourceStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The Registrar's impersonation check on the Mcc: which CSE may hand this CSE a request of an originator that is not
 * its own. TS-0003 7.2.1 makes the Registrar CSE check that {@code From} is the ID its security association proves,
 * and its NOTE exempts CSE-to-CSE associations because a transit CSE forwards requests of other originators. Bastion
 * does not leave those unchecked: an originator that belongs to another CSE (that CSE-ID, an SP-relative AE-ID
 * {@code /id-mn/Cxyz}, or an S-AE-ID whose {@code <AEAnnc>} here links it to the CSE it registered with, TS-0001
 * 10.2.2.2 step 007a) is accepted only from the CSE through which this CSE itself reaches that originator's CSE — the
 * CSE itself, or the next hop of the routing rule of TS-0001 8.2.1 ({@link NextHops}: the {@code <remoteCSE>} whose
 * {@code csi} or {@code dcse} names it, else the registrar). A request arriving over any other association is
 * refused with 4106 ORIGINATOR_NOT_AUTHENTICATED, as 7.2.1 step 3 refuses an AE's mismatch.
 *
 * <p>Without an association, {@code mcc.plain.allow} admits the CSEs it names, and with them the originators this CSE
 * reaches through them: the claim cannot be checked, which is what the setting weakens.
 */
public final class HandoverCheck {
    /** The {@code <AEAnnc>} resource type (TS-0004 table 6.3.4.2.1-1). */
    static final int AE_ANNC = 10002;

    private final CseConfig config;
    private final MccConfig mcc;
    private final ResourceStore store;
    private final NextHops hops;
    private final Clock clock;

    public HandoverCheck(CseConfig config, MccConfig mcc, ResourceStore store, NextHops hops, Clock clock) {
        this.config = config;
        this.mcc = mcc;
        this.store = store;
        this.hops = hops;
        this.clock = clock;
    }

    /**
     * The CSE that handed over a request from {@code fr} (normalized) over an association that proves the IDs
     * {@code proven}, none of which is {@code fr}.
     *
     * @throws OneM2MException 4106 when no CSE the association proves leads to {@code fr}, 4000 when {@code fr} is a
     *         malformed ID
     */
    public Handover overAssociation(String fr, Set<String> proven) {
        List<String> cses = proven.stream().filter(HandoverCheck::isCseId).sorted().toList();
        if (cses.isEmpty()) {
            throw notAuthenticated("originator " + Excerpt.of(fr) + " may not be used over this security association");
        }
        String home = home(fr);
        if (home == null) {
            throw notAuthenticated("originator " + fr + " is an AE-ID of this CSE: its requests come over its own "
                    + "security association, not over one proving " + String.join(", ", cses));
        }
        if (cses.contains(home)) {
            return new Handover(home, null);
        }
        Optional<NextHops.Hop> hop = hops.toward(home, null);
        if (hop.isPresent() && cses.contains(hop.get().cseId())) {
            return new Handover(hop.get().cseId(), null);
        }
        throw notAuthenticated("originator " + fr + " may not be used over this security association: it belongs to "
                + "CSE " + home + ", which this CSE reaches " + hop.map(h -> "through " + h.cseId())
                .orElse("through no registered CSE") + ", not through " + String.join(", ", cses)
                + " (the CSE the association proves; TS-0003 7.2.1)");
    }

    /**
     * The CSE that handed over a request from {@code fr} (normalized) without a security association, as
     * {@code mcc.plain.allow} admits it; null when {@code fr} is this CSE's own (an AE registered here).
     *
     * @throws OneM2MException 4107 when {@code mcc.plain.allow} admits neither {@code fr}'s CSE nor the CSE that
     *         leads to it, 4106 for an S-AE-ID this CSE knows nothing of, 4000 for a malformed ID
     */
    public Handover overPlain(String fr) {
        String home = home(fr);
        if (home == null) {
            return null;
        }
        String glob = mcc.plainAllowing(home);
        if (glob != null) {
            return new Handover(home, glob);
        }
        Optional<NextHops.Hop> hop = hops.toward(home, null);
        if (hop.isPresent() && (glob = mcc.plainAllowing(hop.get().cseId())) != null) {
            return new Handover(hop.get().cseId(), glob);
        }
        throw new OneM2MException(ResponseStatusCode.SECURITY_ASSOCIATION_REQUIRED, "originator " + fr
                + " is a CSE or a remote AE: a security association is required"
                + (mcc.plainAllow().isEmpty() ? "" : " (mcc.plain.allow admits only "
                + String.join(", ", mcc.plainAllow()) + " without one)"));
    }

    /**
     * How this CSE reaches the CSE that {@code fr} (normalized) belongs to, by the routing rule that
     * {@link #overAssociation} applies (TS-0001 8.2.1), as one line for an explanation ({@code explain --via}): the
     * {@code <remoteCSE>} whose {@code csi} or {@code dcse} names that CSE, or the registrar. Never throws: an ID
     * {@link #overAssociation} would refuse as malformed or unknown is described as such.
     */
    public String route(String fr) {
        String home;
        try {
            home = home(fr);
        } catch (OneM2MException e) {
            return e.getMessage();
        }
        if (home == null) {
            return "originator " + fr + " is an AE of this CSE: no other CSE leads to it";
        }
        Optional<NextHops.Hop> hop = hops.toward(home, null);
        if (hop.isEmpty()) {
            return "originator " + fr + " belongs to CSE " + home + ", which no <remoteCSE> here names in csi or dcse"
                    + ", and this CSE has no registrar to lead there: no CSE may hand it over";
        }
        NextHops.Hop h = hop.get();
        String remoteCse = h.remoteCse() == null ? "no <remoteCSE> yet"
                : "<remoteCSE> " + h.remoteCse().path();
        String prefix = "originator " + fr + (fr.equals(home) ? " is CSE " + home : " belongs to CSE " + home);
        if (h.cseId().equals(home)) {
            return prefix + ", registered here (" + remoteCse + ", csi " + home + ")"
                    + (h.registrar() ? ", this CSE's registrar" : "") + ": only " + home + " may send it";
        }
        if (h.registrar()) {
            return prefix + ", which no <remoteCSE> here names in csi or dcse: the registrar " + h.cseId() + " ("
                    + remoteCse + ") leads there (TS-0001 8.2.1), so only " + h.cseId() + " may hand it over";
        }
        return prefix + ", below " + h.cseId() + " (the dcse of " + remoteCse + " names it): only " + h.cseId()
                + " may hand it over";
    }

    /** Whether {@code stem} is an S-AE announced here by the CSE it registered with (so a CSE may carry it). */
    public boolean isAnnouncedSae(String stem) {
        return announcedHome(stem).isPresent();
    }

    /**
     * The CSE-ID of the CSE an originator belongs to, or null when it is this CSE's own.
     *
     * @throws OneM2MException 4000 for an ID of bad syntax, 4106 for another SP's ID or an unknown S-AE-ID
     */
    String home(String fr) {
        if (fr.startsWith("//")) {
            throw notAuthenticated("originator " + Excerpt.of(fr) + " belongs to another M2M Service Provider: "
                    + "this CSE has no association with other providers (Mcc')");
        }
        if (fr.startsWith("/")) {
            int slash = fr.indexOf('/', 1);
            String cse = slash < 0 ? fr : fr.substring(0, slash);
            if (!isSegment(cse, 1)) {
                throw OneM2MException.badRequest("originator " + Excerpt.of(fr) + " has a malformed CSE-ID: a CSE-ID"
                        + " is '/' and one segment of letters, digits, '-', '.', '_', '~'");
            }
            String stem = slash < 0 ? null : fr.substring(slash + 1);
            // "C" or "S" alone: an AE-ID-Stem yet to be assigned (TS-0001 10.2.2.2 step 005a, /id-mn/S)
            if (stem != null && !IdForms.isAeIdStem(stem) && !stem.equals("C") && !stem.equals("S")) {
                throw OneM2MException.badRequest("originator " + Excerpt.of(fr) + " is neither a CSE-ID (/id-mn) nor "
                        + "an SP-relative AE-ID (/id-mn/Cxyz)");
            }
            return cse.equals(config.cseId()) ? null : cse;
        }
        if (fr.charAt(0) == 'S') {
            Optional<Resource> local = live(fr).filter(r -> r.ty() == ResourceTypes.AE);
            if (local.isPresent()) {
                return null;
            }
            return announcedHome(fr).orElseThrow(() -> notAuthenticated("originator " + fr + " is an S-AE-ID "
                    + "registered neither with this CSE nor, as an announced AE here says, with a CSE below it"));
        }
        return null; // a C-AE-ID-Stem is an AE of this CSE (normalization made it so)
    }

    /** The registrar of an S-AE, from the {@code lnk} of its {@code <AEAnnc>} here ({@code /id-mn/Sxyz}). */
    private Optional<String> announcedHome(String stem) {
        return live(stem).filter(r -> r.ty() == AE_ANNC).map(r -> r.getText("lnk"))
                .filter(l -> l != null && l.startsWith("/") && l.indexOf('/', 1) > 1)
                .map(l -> l.substring(0, l.indexOf('/', 1)))
                .filter(c -> isSegment(c, 1) && !c.equals(config.cseId()));
    }

    private Optional<Resource> live(String ri) {
        return store.get(ri).filter(r -> !r.isExpired(clock.instant()));
    }

    /** An SP-relative CSE-ID: a slash and one segment ({@code /id-mn}). */
    static boolean isCseId(String id) {
        return id.length() > 1 && id.charAt(0) == '/' && id.indexOf('/', 1) < 0;
    }

    /** Whether {@code s} from {@code from} on is one non-empty segment of unreserved characters. */
    private static boolean isSegment(String s, int from) {
        if (s.length() <= from) {
            return false;
        }
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean alnum = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
            if (!alnum && c != '-' && c != '.' && c != '_' && c != '~') {
                return false;
            }
        }
        return true;
    }

    private static OneM2MException notAuthenticated(String reason) {
        return new OneM2MException(ResponseStatusCode.ORIGINATOR_NOT_AUTHENTICATED, reason);
    }
}
