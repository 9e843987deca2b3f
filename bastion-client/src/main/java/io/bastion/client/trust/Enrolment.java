package io.bastion.client.trust;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What an enrolment with a MEF yielded: the MEFClientRegID, the KeID of the Enrolment Key (10.3.4), the MEF Client ID
 * the MEF gave ({@code cr}), the certificate a CERT_PROV command provisioned, the MO tree, each command's report,
 * and the NO_MORE_COMMANDS retryDuration ({@code null} when the MEF gave none this client could read).
 */
public record Enrolment(String registrationId, String keyId, String clientId, Optional<DeviceCertificate> certificate,
                        DeviceConfiguration configuration, List<CommandReport> reports, Duration retryAfter) {
    public Enrolment {
        reports = List.copyOf(reports);
    }
}
