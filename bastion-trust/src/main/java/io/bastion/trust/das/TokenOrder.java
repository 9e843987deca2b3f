package io.bastion.trust.das;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * What a token issued by the DAS says (TS-0003 7.3.2.4 and the profile of 7.3.2.2 step 3.1): the holder is the
 * originator, the audience the Hosting CSE, the issuer the DAS; the permissions grant {@code privileges} on
 * {@code resourceId} and may add role IDs.
 *
 * @param tokenId {@code tkid} / {@code jti}, {@code issuerRelativeID@issuer-fqdn}
 * @param issuer the DAS's ID
 * @param holder the originator's ID, as the Hosting CSE sent it
 * @param audience the Hosting CSE's ID (one entry, as the profile requires)
 * @param notBefore start of validity
 * @param notAfter end of validity
 * @param name {@code tknm}: the rule's name, for the holder's and the CSE's logs
 * @param resourceId {@code tkps.pm.ris}: the target, as the request named it
 * @param privileges {@code tkps.pm.pv}: an {@code m2m:setOfAcrs}
 * @param roleIds {@code tkps.pm.rids}; may be empty
 */
public record TokenOrder(String tokenId, String issuer, String holder, List<String> audience, Instant notBefore,
                         Instant notAfter, String name, String resourceId, JsonNode privileges,
                         List<String> roleIds) {
    public TokenOrder {
        audience = List.copyOf(audience);
        roleIds = List.copyOf(roleIds);
    }
}
