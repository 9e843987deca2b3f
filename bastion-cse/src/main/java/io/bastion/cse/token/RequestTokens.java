package io.bastion.cse.token;

import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Response;
import io.bastion.core.resource.Resource;
import io.bastion.core.text.Excerpt;
import io.bastion.cse.request.CredentialRefusal;
import io.bastion.cse.request.RequestContext;
import io.bastion.security.acp.GrantingToken;
import io.bastion.security.token.TokenExpectations;
import io.bastion.security.token.TokenRefusedException;
import io.bastion.security.token.VerifiedToken;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tokens a request presents (TS-0003 7.3.2.3 step 7; TS-0001 11.5.3), verified for its originator at its
 * request time:
 * <ul>
 *   <li>{@code tkns}: each compact token is verified ({@link TokenVerification}; cached, so a token presented again
 *       costs a map lookup);</li>
 *   <li>{@code tids}: each tokenID is taken from the token cache when a token with that ID, held by the originator,
 *       was verified before; otherwise from this CSE's token repository ({@link TokenRepository}), whose
 *       {@code tkob} is then verified the same way and must carry the same tokenID; a tokenID found in neither
 *       place is asked of the DAS of the dac that applies to the target (TS-0001 11.5.3 step 6,
 *       {@link DasTokenLookup}: one lookup for all such IDs, bounded by the dynamic authorization timeout and circuit
 *       breaker), and refused when no DAS returns it;</li>
 *   <li>{@code ltids}: each Local-Token-ID must have been assigned to this originator ({@link LocalTokenIds}) and its
 *       token must still verify (a cache hit).</li>
 * </ul>
 * The audience may use wildcards here (TS-0003 7.3.2.3 step 7.1.3). Each token accepted from {@code tkns} or
 * {@code tids} gets a Local-Token-ID, returned in {@code ati} ({@link RequestContext#ati}).
 *
 * <p><b>Refusals.</b> TS-0003 7.3.2.3 step 7.1.4 says only that the CSE "shall respond with an error" when a token
 * cannot be retrieved or fails verification, and TS-0004 defines no status code for an invalid token; the request is
 * refused with 4103 ORIGINATOR_HAS_NO_PRIVILEGE (the code of every other access refusal, and the one TS-0009 6.5 pairs
 * with token handling), its message naming the parameter, the position and the reason ({@link CredentialRefusal}).
 * A token the originator presents ({@code tkns}) or was given a Local-Token-ID for ({@code ltids}) is its own, so the
 * reason says what in it failed, e.g. {@code token 2 of tkns is refused: token signature does not verify with the keys
 * of issuer /id-das}. A tokenID ({@code tids}) names a token the CSE looked up in its repository or asked a DAS for,
 * which may be another's: the originator reads only {@value #TIDS_REFUSED}; which {@code <token>} or DAS was tried and
 * why it failed go to the audit log and {@code explain}. Too many tokens in one request is a malformed request
 * (4000).
 *
 * <p>{@link #inspect} is the same evaluation for {@code explain}, without side effects: nothing is cached, no
 * Local-Token-ID is assigned, no DAS is asked (a tokenID that would be looked up is reported with the DAS that would be
 * asked), and every refusal is collected instead of the first one ending it.
 */
public final class RequestTokens {
    /** At most this many tokens, tokenIDs and Local-Token-IDs together per request. */
    public static final int MAX_TOKENS = 16;
    /** Why a tokenID is refused, as its originator is told whatever the detail. */
    static final String TIDS_REFUSED = "no token with that tokenID that is valid for the originator is available "
            + "to this CSE";

    private final TokenVerification verification;
    private final TokenRepository repository;
    private final LocalTokenIds localIds;
    private final DasTokenLookup das;

    /** Without DAS lookups: a tokenID in neither the cache nor the repository is refused. */
    public RequestTokens(TokenVerification verification, TokenRepository repository, LocalTokenIds localIds) {
        this(verification, repository, localIds, null);
    }

    /** @param das asks a DAS for tokenIDs found nowhere else; null asks none */
    public RequestTokens(TokenVerification verification, TokenRepository repository, LocalTokenIds localIds,
                         DasTokenLookup das) {
        this.verification = verification;
        this.repository = repository;
        this.localIds = localIds;
        this.das = das;
    }

    /**
     * What {@link #inspect} found.
     *
     * @param tokens the tokens that verified, in order and without repeats
     * @param accepted one line per accepted token (what it is, where it came from, until when)
     * @param refused one line per refused token, as the request would be refused with it
     * @param unresolved one line per tokenID the request would ask a DAS for; the decision is made without it
     */
    public record Findings(List<GrantingToken> tokens, List<String> accepted, List<String> refused,
                           List<String> unresolved) {
        public Findings {
            tokens = List.copyOf(tokens);
            accepted = List.copyOf(accepted);
            refused = List.copyOf(refused);
            unresolved = List.copyOf(unresolved);
        }
    }

    /** True when the request presents any token, tokenID or Local-Token-ID. */
    public static boolean presents(RequestContext x) {
        return !x.request().tkns().isEmpty() || !x.request().tids().isEmpty() || !x.request().ltids().isEmpty();
    }

    /** The verified tokens of {@code x}, in order and without repeats; assigns Local-Token-IDs into {@code ati}. */
    public List<GrantingToken> verify(RequestContext x) {
        Run run = new Run(x, false);
        run.all();
        if (!run.ati.isEmpty()) {
            List<Response.LocalTokenId> all = new ArrayList<>(x.ati());
            all.addAll(run.ati);
            x.ati(all);
        }
        return List.copyOf(run.verified.values());
    }

    /**
     * The same evaluation as {@link #verify}, without side effects and collecting every refusal (for {@code explain}).
     *
     * @throws OneM2MException 4000 when the request carries too many tokens, as {@link #verify} would
     */
    public Findings inspect(RequestContext x) {
        Run run = new Run(x, true);
        run.all();
        return new Findings(List.copyOf(run.verified.values()), run.accepted, run.refused, run.unresolved);
    }

    /** One evaluation of the tokens of one request: live (caches, assigns, asks a DAS, throws) or dry. */
    private final class Run {
        final RequestContext x;
        final boolean dry;
        final TokenExpectations expect;
        final Map<String, VerifiedToken> verified = new LinkedHashMap<>();
        final List<Response.LocalTokenId> ati = new ArrayList<>();
        final List<String> accepted = new ArrayList<>();
        final List<String> refused = new ArrayList<>();
        final List<String> unresolved = new ArrayList<>();

        Run(RequestContext x, boolean dry) {
            this.x = x;
            this.dry = dry;
            this.expect = verification.expect(x.originator(), x.received(), true);
        }

        void all() {
            List<String> tkns = x.request().tkns();
            List<String> tids = x.request().tids();
            List<String> ltids = x.request().ltids();
            if (tkns.size() + tids.size() + ltids.size() > MAX_TOKENS) {
                throw OneM2MException.badRequest("more than " + MAX_TOKENS + " tokens, token IDs and local token "
                        + "IDs (tkns, tids, ltids) in one request");
            }
            for (int i = 0; i < tkns.size(); i++) {
                String what = "token " + (i + 1) + " of tkns";
                VerifiedToken t = check(tkns.get(i), what, null);
                if (t != null) {
                    accept(t, what);
                }
            }
            tokenIds(tids);
            for (String lti : ltids) {
                String what = "local token ID " + Excerpt.of(lti) + " (ltids)";
                Optional<LocalTokenIds.Assignment> a = dry ? localIds.peek(lti, expect.originator(), expect.now())
                        : localIds.find(lti, expect.originator(), expect.now());
                if (a.isEmpty()) {
                    String why = what + " is refused: this CSE assigned no such local token ID to the originator, or "
                            + "its token expired";
                    refuse(why, why);
                    continue;
                }
                VerifiedToken t = check(a.get().compact(), what, null);
                if (t != null && verified.putIfAbsent(t.tokenId(), t) == null) {
                    accepted.add(line(t, what));
                }
            }
        }

        /** Each tokenID from the cache or the repository; the rest in one DAS lookup, then in request order. */
        private void tokenIds(List<String> tids) {
            Map<String, VerifiedToken> resolved = new LinkedHashMap<>();
            List<String> missing = new ArrayList<>();
            for (String tid : tids) {
                String what = "token ID " + Excerpt.of(tid) + " (tids)";
                Optional<VerifiedToken> cached = dry ? verification.peekCached(tid, expect)
                        : verification.cached(tid, expect);
                if (cached.isPresent()) {
                    resolved.put(tid, cached.get());
                    continue;
                }
                Optional<Resource> stored = repository.find(tid, expect.now());
                if (stored.isEmpty()) {
                    if (!missing.contains(tid)) {
                        missing.add(tid);
                    }
                    continue;
                }
                VerifiedToken t = check(stored.get().getText("tkob"), what, "<token> " + stored.get().ri());
                if (t != null && !tid.equals(t.tokenId())) {
                    refuse(what + " is refused: " + TIDS_REFUSED, what + " is refused: the token object of <token> "
                            + stored.get().ri() + " carries another tokenID");
                } else if (t != null) {
                    resolved.put(tid, t);
                }
            }
            DasTokenLookup.Result fetched = missing.isEmpty() ? null : fetch(missing);
            for (String tid : tids) {
                VerifiedToken t = resolved.get(tid);
                if (t == null && fetched != null) {
                    t = fetched.found().get(tid);
                }
                if (t != null) {
                    accept(t, "token ID " + Excerpt.of(tid) + " (tids)");
                }
            }
            if (fetched != null) {
                for (String tid : missing) {
                    if (!fetched.found().containsKey(tid)) {
                        String what = "token ID " + Excerpt.of(tid) + " (tids) is refused: ";
                        refuse(what + TIDS_REFUSED, what + "no <token> with that tokenID in this CSE's token "
                                + "repository, and " + fetched.why());
                    }
                }
            }
        }

        /** Live: asks the DAS. Dry: says which DAS would be asked, and returns null (nothing found, nothing refused). */
        private DasTokenLookup.Result fetch(List<String> missing) {
            Resource target = x.target() == null ? null : x.target().resource();
            if (das == null) {
                return new DasTokenLookup.Result(Map.of(), List.of("this CSE asks no DAS for tokens"));
            }
            if (!dry) {
                return das.lookup(target, expect.originator(), missing, expect.now());
            }
            List<DasTokenLookup.Source> sources = das.sources(target);
            if (sources.isEmpty()) {
                return new DasTokenLookup.Result(Map.of(), List.of("no enabled dynamicAuthorizationConsultation "
                        + "applies to the target, so no DAS can be asked"));
            }
            List<String> asked = sources.stream().map(s -> "the DAS at " + s.das() + " (dac " + s.dacRi() + ")"
                    + (s.issuer() == null ? " — not asked: no token issuer is configured for it" : "")).toList();
            for (String tid : missing) {
                unresolved.add("token ID " + Excerpt.of(tid) + " (tids) is neither cached nor in the token "
                        + "repository: the request would ask " + String.join(", then ", asked) + "; explain asks "
                        + "no DAS, so this decision is made without it (if no DAS returns it, the request is "
                        + "refused)");
            }
            return null;
        }

        /**
         * The verified token, or null after refusing it.
         *
         * @param foundIn null for a token the originator holds itself (presented it, or was given its
         *        Local-Token-ID), which it is told what failed in; otherwise where the CSE found it (a {@code <token>}),
         *        for the detail alone: the originator is told {@link #TIDS_REFUSED}
         */
        private VerifiedToken check(String compact, String what, String foundIn) {
            try {
                return dry ? verification.inspect(compact, expect) : verification.verify(compact, expect);
            } catch (TokenRefusedException e) {
                if (foundIn == null) {
                    refuse(what + " is refused: " + e.told(), what + " is refused: " + e.getMessage());
                } else {
                    refuse(what + " is refused: " + TIDS_REFUSED, what + " is refused: the token object of "
                            + foundIn + " is refused: " + e.getMessage());
                }
                return null;
            }
        }

        /** Refuses the request ({@code told} to the originator, {@code detail} audited), or notes it when dry. */
        private void refuse(String told, String detail) {
            if (!dry) {
                throw new CredentialRefusal(told, detail);
            }
            refused.add(detail);
        }

        private void accept(VerifiedToken t, String what) {
            if (verified.putIfAbsent(t.tokenId(), t) != null) {
                return;
            }
            accepted.add(line(t, what));
            if (!dry) {
                LocalTokenIds.Assignment a = localIds.assign(expect.originator(), t.tokenId(), t.compact(),
                        t.notAfter(), expect.now());
                ati.add(new Response.LocalTokenId(a.lti(), a.tokenId()));
            }
        }

        private String line(VerifiedToken t, String what) {
            return dry ? "token " + t.tokenId() + " (" + what + ") verified: issuer " + t.claims().issuer()
                    + ", holder " + t.claims().holder() + ", valid until " + t.notAfter() : what;
        }
    }
}
