package io.bastion.cse.token;

import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.store.ResourceStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * This CSE's token repository: the {@code <token>} children of its CSEBase (TS-0001 9.6.39, TS-0003 7.4.1), looked up
 * by tokenID for the {@code tids} of a request.
 *
 * <p><b>The index is the resource ID.</b> A {@code <token>} gets the resource ID {@link #resourceIdFor}: {@code tk}
 * followed by the first 120 bits of the SHA-256 of its tokenID, in hex. So a lookup by tokenID is one read by primary
 * key (no scan of the repository, whatever its size), and the store itself keeps tokenIDs unique per CSE. The stored
 * {@code tkid} is compared on every lookup, so even a hash collision could never return another token.
 */
public final class TokenRepository {
    private final ResourceStore store;
    private final String cseBaseRi;

    public TokenRepository(ResourceStore store, String cseBaseRi) {
        this.store = store;
        this.cseBaseRi = cseBaseRi;
    }

    /** The resource ID of the {@code <token>} with this tokenID. */
    public static String resourceIdFor(String tokenId) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(tokenId.getBytes(StandardCharsets.UTF_8));
            return "tk" + HexFormat.of().formatHex(h, 0, 15);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** The unexpired {@code <token>} of this CSE's repository with exactly this tokenID. */
    public Optional<Resource> find(String tokenId, Instant at) {
        if (tokenId == null || tokenId.isEmpty()) {
            return Optional.empty();
        }
        return store.get(resourceIdFor(tokenId))
                .filter(r -> r.ty() == ResourceTypes.TK && cseBaseRi.equals(r.pi()) && !r.isExpired(at)
                        && tokenId.equals(r.getText("tkid")));
    }
}
