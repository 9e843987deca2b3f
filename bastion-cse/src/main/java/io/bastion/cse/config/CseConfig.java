package io.bastion.cse.config;

import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.time.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The identity and policies of this CSE.
 *
 * @param cseId the CSE-ID, e.g. {@code /id-in}
 * @param cseBaseName the CSEBase resource name, e.g. {@code cse-in}
 * @param spId the M2M-SP-ID (FQDN) used in absolute addresses, e.g. {@code bastion.example}
 * @param adminOriginator the originator with unrestricted access, e.g. {@code CAdmin}
 * @param adminRemote whether the admin originator is accepted from non-loopback peers
 * @param registrationAllowed globs of originators allowed to register an AE ({@code *} within a segment; an empty
 *        originator registers as a CSE-assigned AE-ID when {@code ""} or {@code C} matches)
 * @param supportedReleases release versions served ({@code rvi} and AE {@code srv})
 * @param defaultExpiry expirationTime given to resources created without one
 * @param maxExpiry the latest expirationTime a client may ask for, measured from now
 * @param verificationTimeout how long a subscription verification request may take
 * @param maxGroupMembers upper bound for a group's maxNrOfMembers
 * @param doors which requests need a security association, per door and source address ({@link DoorPolicy})
 * @param dynamic how Dynamic Authorization Servers are consulted ({@link DynamicAuthorizationConfig})
 * @param cseBaseAcpi the {@code acpi} of the CSEBase, set at every start (IDs or structured addresses of
 *        accessControlPolicies, which need not exist yet); empty: none, only the admin may use the CSEBase. The
 *        CSEBase cannot be updated through the API (TS-0004 7.4.3.2.3), so this is how an operator opens it
 * @param limits how many resources one discovery or RETRIEVE response lists at most ({@link ResultLimits})
 */
public record CseConfig(String cseId, String cseBaseName, String spId, String adminOriginator, boolean adminRemote,
                        List<String> registrationAllowed, List<String> supportedReleases, Duration defaultExpiry,
                        Duration maxExpiry, Duration verificationTimeout, int maxGroupMembers, DoorPolicy doors,
                        DynamicAuthorizationConfig dynamic, List<String> cseBaseAcpi, ResultLimits limits) {

    /** With the default {@link ResultLimits}. */
    public CseConfig(String cseId, String cseBaseName, String spId, String adminOriginator, boolean adminRemote,
                     List<String> registrationAllowed, List<String> supportedReleases, Duration defaultExpiry,
                     Duration maxExpiry, Duration verificationTimeout, int maxGroupMembers, DoorPolicy doors,
                     DynamicAuthorizationConfig dynamic, List<String> cseBaseAcpi) {
        this(cseId, cseBaseName, spId, adminOriginator, adminRemote, registrationAllowed, supportedReleases,
                defaultExpiry, maxExpiry, verificationTimeout, maxGroupMembers, doors, dynamic, cseBaseAcpi,
                ResultLimits.defaults());
    }

    /** With a CSEBase without {@code acpi}. */
    public CseConfig(String cseId, String cseBaseName, String spId, String adminOriginator, boolean adminRemote,
                     List<String> registrationAllowed, List<String> supportedReleases, Duration defaultExpiry,
                     Duration maxExpiry, Duration verificationTimeout, int maxGroupMembers, DoorPolicy doors,
                     DynamicAuthorizationConfig dynamic) {
        this(cseId, cseBaseName, spId, adminOriginator, adminRemote, registrationAllowed, supportedReleases,
                defaultExpiry, maxExpiry, verificationTimeout, maxGroupMembers, doors, dynamic, List.of());
    }

    /** With the default {@link DynamicAuthorizationConfig}. */
    public CseConfig(String cseId, String cseBaseName, String spId, String adminOriginator, boolean adminRemote,
                     List<String> registrationAllowed, List<String> supportedReleases, Duration defaultExpiry,
                     Duration maxExpiry, Duration verificationTimeout, int maxGroupMembers, DoorPolicy doors) {
        this(cseId, cseBaseName, spId, adminOriginator, adminRemote, registrationAllowed, supportedReleases,
                defaultExpiry, maxExpiry, verificationTimeout, maxGroupMembers, doors,
                DynamicAuthorizationConfig.defaults());
    }

    /** With the default {@link DoorPolicy} (plain requests from loopback only). */
    public CseConfig(String cseId, String cseBaseName, String spId, String adminOriginator, boolean adminRemote,
                     List<String> registrationAllowed, List<String> supportedReleases, Duration defaultExpiry,
                     Duration maxExpiry, Duration verificationTimeout, int maxGroupMembers) {
        this(cseId, cseBaseName, spId, adminOriginator, adminRemote, registrationAllowed, supportedReleases,
                defaultExpiry, maxExpiry, verificationTimeout, maxGroupMembers, DoorPolicy.defaults());
    }

    public CseConfig {
        Objects.requireNonNull(cseId);
        if (!cseId.startsWith("/") || cseId.length() < 2 || cseId.indexOf('/', 1) >= 0) {
            throw new IllegalArgumentException("cseId must look like /id-in");
        }
        registrationAllowed = List.copyOf(registrationAllowed);
        supportedReleases = List.copyOf(supportedReleases);
        Objects.requireNonNull(doors);
        dynamic = dynamic == null ? DynamicAuthorizationConfig.defaults() : dynamic;
        cseBaseAcpi = cseBaseAcpi == null ? List.of() : List.copyOf(cseBaseAcpi);
        limits = limits == null ? ResultLimits.defaults() : limits;
        for (String id : cseBaseAcpi) {
            if (id.isBlank() || id.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("cse.acpi entries must be accessControlPolicy IDs or addresses "
                        + "without spaces");
            }
        }
    }

    /** The embedded defaults of {@code ./bastion run}. */
    /**
     * The expirationTime a new resource gets (TS-0004 7.3.3.3): the one asked for ({@code asked}, or null for none)
     * capped at {@link #maxExpiry} from {@code now}, else {@link #defaultExpiry}; 4000 when it lies in the past.
     */
    public Instant expiryOf(String asked, Instant now) {
        if (asked == null) {
            return now.plus(defaultExpiry);
        }
        Instant et = Timestamps.parse(asked, "et");
        if (!et.isAfter(now)) {
            throw OneM2MException.badRequest("expirationTime (et) lies in the past");
        }
        Instant max = now.plus(maxExpiry);
        return et.isAfter(max) ? max : et;
    }

    public static CseConfig defaults() {
        return new CseConfig("/id-in", "cse-in", "bastion.example", "CAdmin", false,
                List.of("C*", "S*", ""), List.of("2a", "3", "4", "5"), Duration.ofDays(365 * 5),
                Duration.ofDays(365 * 100), Duration.ofSeconds(3), 10_000);
    }

    /** The CSEBase resource ID: the CSE-ID without its leading slash. */
    public String cseBaseRi() {
        return cseId.substring(1);
    }

    public CseConfig withAdminRemote(boolean remote) {
        return new CseConfig(cseId, cseBaseName, spId, adminOriginator, remote, registrationAllowed,
                supportedReleases, defaultExpiry, maxExpiry, verificationTimeout, maxGroupMembers, doors, dynamic,
                cseBaseAcpi, limits);
    }

    public CseConfig withDoors(DoorPolicy policy) {
        return new CseConfig(cseId, cseBaseName, spId, adminOriginator, adminRemote, registrationAllowed,
                supportedReleases, defaultExpiry, maxExpiry, verificationTimeout, maxGroupMembers, policy, dynamic,
                cseBaseAcpi, limits);
    }

    public CseConfig withDynamic(DynamicAuthorizationConfig d) {
        return new CseConfig(cseId, cseBaseName, spId, adminOriginator, adminRemote, registrationAllowed,
                supportedReleases, defaultExpiry, maxExpiry, verificationTimeout, maxGroupMembers, doors, d, cseBaseAcpi,
                limits);
    }

    /** The CSEBase's {@code acpi}, set at every start ({@code cse.acpi}). */
    public CseConfig withCseBaseAcpi(List<String> acpi) {
        return new CseConfig(cseId, cseBaseName, spId, adminOriginator, adminRemote, registrationAllowed,
                supportedReleases, defaultExpiry, maxExpiry, verificationTimeout, maxGroupMembers, doors, dynamic, acpi,
                limits);
    }

    /** How many resources one response lists at most ({@code discovery.max-results}, {@code retrieve.max-children}). */
    public CseConfig withLimits(ResultLimits l) {
        return new CseConfig(cseId, cseBaseName, spId, adminOriginator, adminRemote, registrationAllowed,
                supportedReleases, defaultExpiry, maxExpiry, verificationTimeout, maxGroupMembers, doors, dynamic,
                cseBaseAcpi, l);
    }
}
