package io.bastion.cse.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceType;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.core.time.Timestamps;
import io.bastion.cse.request.RequestContext;
import io.bastion.cse.resource.CreateContext;
import io.bastion.cse.resource.ResourceEvent;
import io.bastion.cse.resource.TypeBehaviour;
import io.bastion.security.acp.AcpParser;
import io.bastion.security.token.TokenClaims;
import io.bastion.security.token.TokenPermissions;
import io.bastion.store.ResourceStore;
import io.bastion.store.WriteBatch;
import java.time.Instant;
import java.util.List;

/**
 * {@code <token>} (TS-0004 7.4.41, TS-0001 9.6.39): a token in this CSE's token repository, a child of the CSEBase,
 * found by tokenID from the {@code tids} of later requests ({@link RequestTokens}).
 *
 * <p>On CREATE, {@code tkob} must be a secured compact token ({@link TokenObject}): garbage, {@code alg: none} and
 * encryption-only JWEs are refused with 4000 naming the reason. For a JWS the claim set must be a valid oneM2M JWT
 * claim set ({@link TokenClaims#fromJwtJson}), its tokenID must be the {@code tkid} given, it must not have expired
 * already, and each optional attribute given (vr, tkis, tkhd, tknb, tkna, tknm, tkau, tkps, tkex) must say what the
 * claims say; those not given are filled from the claims, and without an {@code et} the resource expires with the
 * token. A nested JWE cannot be read here (only its recipient holds the key): its attributes are stored as given, and
 * what counts is the token itself, verified on use.
 *
 * <p><b>The signature is not verified on CREATE.</b> A token repository may hold tokens for other CSEs, from issuers
 * this CSE does not trust, and its content is public by TS-0001 9.6.39 ("details of the token may also be stored
 * here in plaintext"). What matters is that a stored token grants nothing by being stored: every use through
 * {@code tids} verifies {@code tkob} in full (issuer, key, signature, audience, holder, validity).
 *
 * <p>tokenIDs are unique per CSE: the resource ID is derived from the tokenID ({@link TokenRepository#resourceIdFor}),
 * and a second {@code <token>} with the same tokenID is refused with 4105 CONFLICT. Deleting a {@code <token>} forgets
 * its cached verification and Local-Token-IDs (it is not a revocation: the same token presented in {@code tkns} is
 * still accepted while valid).
 */
public final class TokenBehaviour implements TypeBehaviour {
    private static final List<String> FROM_CLAIMS = List.of("vr", "tkis", "tkhd", "tknb", "tkna", "tknm", "tkau",
            "tkps", "tkex");

    private final ResourceStore store;
    private final AcpParser parser;
    private final TokenVerification verification;
    private final LocalTokenIds localIds;

    public TokenBehaviour(ResourceStore store, AcpParser parser, TokenVerification verification,
                          LocalTokenIds localIds) {
        this.store = store;
        this.parser = parser;
        this.verification = verification;
        this.localIds = localIds;
    }

    @Override
    public ResourceType type() {
        return ResourceTypes.get(ResourceTypes.TK);
    }

    @Override
    public void beforeCreate(CreateContext c) {
        ObjectNode a = c.attrs;
        String tkid = a.get("tkid").asText();
        if (tkid.isEmpty() || tkid.length() > TokenClaims.MAX_ID_LENGTH
                || tkid.chars().anyMatch(ch -> ch <= ' ' || ch == 127)) {
            throw OneM2MException.badRequest("tokenID (tkid) must be an ID without spaces of at most "
                    + TokenClaims.MAX_ID_LENGTH + " characters");
        }
        TokenObject tkob = TokenObject.read(a.get("tkob").asText());
        if (tkob.payload() != null) {
            fillFromClaims(a, tkid, tkob.payload(), c.now);
        } else if (a.hasNonNull("tkps")) {
            permissions(a.get("tkps"));
        }
        c.ri = TokenRepository.resourceIdFor(tkid);
        if (store.get(c.ri).isPresent()) {
            throw new OneM2MException(ResponseStatusCode.CONFLICT, "a <token> with tokenID " + TokenObject.quote(tkid)
                    + " already exists in this CSE's token repository");
        }
    }

    private void fillFromClaims(ObjectNode a, String tkid, JsonNode payload, Instant now) {
        TokenClaims claims;
        try {
            claims = TokenClaims.fromJwtJson(payload, parser);
        } catch (IllegalArgumentException | OneM2MException e) {
            throw TokenObject.bad("malformed token claims: " + e.getMessage());
        }
        if (!claims.tokenId().equals(tkid)) {
            throw OneM2MException.badRequest("tokenID (tkid) " + TokenObject.quote(tkid) + " is not the tokenID of "
                    + "the token object (" + TokenObject.quote(claims.tokenId()) + ")");
        }
        if (!now.isBefore(claims.notAfter())) {
            throw TokenObject.bad("the token expired at " + Timestamps.format(claims.notAfter()));
        }
        ObjectNode fromClaims = claims.toShortNames();
        for (String sn : FROM_CLAIMS) {
            JsonNode given = a.get(sn);
            JsonNode claimed = fromClaims.get(sn);
            if (given == null || given.isNull()) {
                if (claimed != null) {
                    a.set(sn, claimed);
                }
            } else if (!same(sn, given, claimed)) {
                throw OneM2MException.badRequest("attribute " + sn + " does not match the token object's claims");
            }
        }
        if (!a.hasNonNull("et")) {
            a.put("et", Timestamps.format(claims.notAfter()));
        }
    }

    /** Whether an attribute given on CREATE says what the claims say (timestamps and permissions compared parsed). */
    private boolean same(String sn, JsonNode given, JsonNode claimed) {
        if (claimed == null) {
            return false;
        }
        return switch (sn) {
            case "tknb", "tkna" -> Timestamps.parse(given.asText(), sn).equals(Timestamps.parse(claimed.asText(), sn));
            case "tkps" -> permissions(given).toJson().equals(claimed);
            default -> given.equals(claimed);
        };
    }

    private TokenPermissions permissions(JsonNode tkps) {
        try {
            return TokenPermissions.fromJson(tkps, parser);
        } catch (IllegalArgumentException e) {
            throw OneM2MException.badRequest("permissions (tkps): " + e.getMessage());
        }
    }

    @Override
    public void beforeDelete(RequestContext x, Resource target, WriteBatch batch, List<ResourceEvent> events) {
        String tkid = target.getText("tkid");
        if (tkid != null) {
            verification.forget(tkid);
            localIds.forget(tkid);
        }
    }
}
