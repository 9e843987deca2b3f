package io.bastion.cse.location;

import io.bastion.core.geo.GeoCoordinates;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.core.time.Timestamps;
import io.bastion.cse.config.LocationConfig;
import io.bastion.security.acp.CountryLookup;
import io.bastion.security.acp.LocationSource;
import io.bastion.security.acp.OriginatorLocation;
import io.bastion.security.location.GeoNamesCountries;
import io.bastion.security.location.ObservedPosition;
import io.bastion.security.location.PositionFreshness;
import io.bastion.store.ResourceStore;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The originator's own latest position as the access control's {@link LocationSource}: the latest instance of the
 * location container of the {@code <locationPolicy>} whose {@code lot} is the originator ({@link LocationPolicies}),
 * when the originator wrote that instance itself, it holds a Point, and it was created within
 * {@link LocationConfig#maxAge()} of the request time ({@link PositionFreshness}; the instance's {@code ct}, set by
 * this CSE's clock, is the time of the observation). The country for {@code accc} rules is looked up from the position.
 *
 * <p><b>Trust.</b> TS-0003 annex F.2.1 asks for a network-based location for access decisions, because what a device
 * says of itself can be spoofed. Positions found here are the device's own reports, so they decide nothing unless the
 * operator sets {@code location.device-reported=true} ({@link LocationConfig#deviceReported()}); otherwise
 * {@link #locate} knows no location and every location rule denies, as without a source. {@link #describe} tells
 * {@code explain} what was found either way.
 *
 * <p>Cost: asked only for a decision with a location rule; one store read (the latest instance) after a map lookup.
 * The AE's own {@code loc} is not used: the time it was written is not kept ({@code lt} changes with any update).
 */
public final class DeviceReportedPositions implements LocationSource {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceReportedPositions.class);

    private final LocationPolicies policies;
    private final ResourceStore store;
    private final PositionFreshness freshness;
    private final boolean trusted;
    private final Supplier<CountryLookup> countries;

    /** @param countries the country of a position, for {@code accc} rules; asked only for a usable position */
    public DeviceReportedPositions(LocationPolicies policies, ResourceStore store,
                                   LocationConfig config, Supplier<CountryLookup> countries) {
        this.policies = policies;
        this.store = store;
        this.freshness = new PositionFreshness(config.maxAge());
        this.trusted = config.deviceReported();
        this.countries = countries;
    }

    /**
     * The bundled country outlines ({@link GeoNamesCountries}), read in the background from now on (about a second),
     * so that no request reads them; a decision that needs a country before they are read waits for them. When they
     * cannot be read, no position has a country and {@code accc} rules deny.
     */
    public static Supplier<CountryLookup> countriesLoadedInBackground() {
        CompletableFuture<CountryLookup> loading = CompletableFuture.supplyAsync(() -> (CountryLookup)
                GeoNamesCountries.bundled(), task -> Thread.ofVirtual().name("country-outlines").start(task))
                .exceptionally(e -> {
                    LOG.error("country outlines not readable, so no position has a country: {}", e.toString());
                    return CountryLookup.NONE;
                });
        return loading::join;
    }

    /** What the store holds of an originator's position: the position, or why there is none. */
    private record Found(ObservedPosition position, String none) {
        static Found none(String why) {
            return new Found(null, why);
        }
    }

    private Found find(String originator) {
        LocationPolicies.Entry policy = policies.of(originator);
        if (policy == null) {
            return Found.none("no locationPolicy names " + originator + " as its locationTargetID (lot): no position");
        }
        String in = "location container " + policy.container() + " of locationPolicy " + policy.policy();
        Optional<Resource> latest = store.latestChild(policy.container(), ResourceTypes.CIN);
        if (latest.isEmpty()) {
            return Found.none("the " + in + " holds no position");
        }
        Resource cin = latest.get();
        if (!originator.equals(cin.creator())) {
            return Found.none("the latest instance " + cin.ri() + " of the " + in + " was written by "
                    + cin.creator() + ", not by " + originator + " itself: no position of its own");
        }
        try {
            GeoCoordinates point = GeoCoordinates.point(cin.get("con"), "con");
            Instant observed = Timestamps.parse(cin.getText("ct"), "ct");
            return ObservedPosition.of(point, observed, "contentInstance " + cin.ri() + " of the " + in)
                    .map(p -> new Found(p, null))
                    .orElseGet(() -> Found.none("the latest instance " + cin.ri() + " is no position"));
        } catch (OneM2MException e) {
            // Written before the container checked its content: it decides nothing.
            return Found.none("the latest instance " + cin.ri() + " of the " + in + " holds no position: "
                    + e.getMessage());
        }
    }

    @Override
    public Optional<OriginatorLocation> locate(String originator, InetAddress remoteIp, Instant requestTime) {
        if (!trusted) {
            return Optional.empty();
        }
        Found f = find(originator);
        return f.position() == null ? Optional.empty()
                : freshness.usable(Optional.of(f.position()), requestTime, countries.get());
    }

    @Override
    public Optional<String> describe(String originator, InetAddress remoteIp, Instant requestTime) {
        Found f = find(originator);
        if (f.position() == null) {
            return Optional.of(f.none());
        }
        StringBuilder s = new StringBuilder("device-reported ").append(freshness.describe(f.position(), requestTime));
        if (!trusted) {
            s.append("; device-reported positions are not trusted (location.device-reported is false; TS-0003 F.2.1 "
                    + "asks for a network-based location): location rules deny");
        } else {
            freshness.usable(Optional.of(f.position()), requestTime, countries.get())
                    .flatMap(OriginatorLocation::countryCode)
                    .ifPresent(code -> s.append("; country ").append(code));
        }
        return Optional.of(s.toString());
    }
}
