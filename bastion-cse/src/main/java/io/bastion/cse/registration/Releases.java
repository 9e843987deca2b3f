package io.bastion.cse.registration;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.cse.config.CseConfig;
import java.util.Set;

/** The {@code supportedReleaseVersions} ({@code srv}) a registree declares: known releases, one of them served. */
final class Releases {
    private static final Set<String> KNOWN = Set.of("1", "2", "2a", "3", "4", "5");

    private Releases() {
    }

    /**
     * 4000 for a release no text defines; 4001 RELEASE_VERSION_NOT_SUPPORTED when this CSE serves none of them.
     *
     * @param who the registree's kind in the message ("AE", "CSE")
     */
    static void check(CseConfig config, JsonNode srv, String who) {
        boolean any = false;
        for (JsonNode v : srv) {
            String s = v.asText();
            if (!KNOWN.contains(s)) {
                throw OneM2MException.badRequest("supportedReleaseVersions (srv) contains unknown release " + s);
            }
            any |= config.supportedReleases().contains(s);
        }
        if (!any) {
            throw new OneM2MException(ResponseStatusCode.RELEASE_VERSION_NOT_SUPPORTED,
                    "none of the " + who + "'s releases (srv) is served; supported: "
                            + String.join(", ", config.supportedReleases()));
        }
    }
}
