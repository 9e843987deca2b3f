package io.bastion.client.trust;

import java.time.Instant;
import java.util.List;

/**
 * A MAF Client Registration (TS-0003 8.8.2.3) as the MAF granted it.
 *
 * @param id the mafClientRegID (the record's name below {@code maf})
 * @param expires the expirationTime granted (the MAF may shorten the one proposed)
 * @param adminFqdn the administrating stakeholder's FQDN
 * @param clientId the MAF Client ID (AE-ID or CSE-ID) the registration belongs to
 * @param labels the labels, empty for none
 */
public record MafClientRegistration(String id, Instant expires, String adminFqdn, String clientId,
                                    List<String> labels) {
    public MafClientRegistration {
        labels = List.copyOf(labels);
    }
}
