package io.bastion.security.acp;

import io.bastion.core.primitive.Operation;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the access decision needs to know about one request (TS-0003 tables 7.1.2-1 to 7.1.2-3), gathered by the
 * CSE's authorization stage. Build it with {@link #builder(String, Operation)}.
 *
 * @param originator {@code fr} as given (any of the relative or absolute forms), or null/empty when absent; it must
 *     already be the authenticated identity that matched {@code fr} (TS-0003 7.1.5)
 * @param operation the operation to check; {@link Operation#DISCOVERY} for a RETRIEVE with filterUsage discovery
 * @param childType for CREATE: {@code ty} of the resource to create, else null
 * @param targetType for CREATE: {@code ty} of the target (parent) resource, else null
 * @param authenticated {@code rq_authn}: the request came over an authenticated security association (or ESPrim)
 * @param remoteIp {@code rq_ip}: the source address of the packets, or null when unknown (then no
 *     {@code accessControlIpAddresses} matches)
 * @param location {@code rq_loc}: where the originator is, from a {@link LocationSource}; empty when unknown (then
 *     no {@code accessControlLocationRegion} matches); null is read as empty
 * @param requestTime {@code rq_time}: when the hosting CSE received the request (schedules read it in UTC)
 * @param roleIds Role-IDs the request claims ({@code rids}), possibly empty; unverified, so the engine does not match
 *     them (only a {@link RoleMatcher} given to it would): verified roles come in {@link Grants}
 */
public record RequestFacts(String originator, Operation operation, Integer childType, Integer targetType,
                           boolean authenticated, InetAddress remoteIp, Optional<OriginatorLocation> location,
                           Instant requestTime, List<String> roleIds) {

    public RequestFacts {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(requestTime, "requestTime");
        location = location == null ? Optional.empty() : location;
        roleIds = roleIds == null ? List.of() : List.copyOf(roleIds);
    }

    /** Facts without a location (the form before {@code rq_loc} existed). */
    public RequestFacts(String originator, Operation operation, Integer childType, Integer targetType,
                        boolean authenticated, InetAddress remoteIp, Instant requestTime, List<String> roleIds) {
        this(originator, operation, childType, targetType, authenticated, remoteIp, Optional.empty(), requestTime,
                roleIds);
    }

    /** A builder for a request by {@code originator}; the time defaults to now unless set. */
    public static Builder builder(String originator, Operation operation) {
        return new Builder(originator, operation);
    }

    /** Builds {@link RequestFacts}; not thread-safe, use once. */
    public static final class Builder {
        private final String originator;
        private final Operation operation;
        private Integer childType;
        private Integer targetType;
        private boolean authenticated;
        private InetAddress remoteIp;
        private Optional<OriginatorLocation> location = Optional.empty();
        private Instant requestTime;
        private List<String> roleIds = List.of();

        private Builder(String originator, Operation operation) {
            this.originator = originator;
            this.operation = operation;
        }

        /** For CREATE: the type to create ({@code ty} of the request) under a target of type {@code targetType}. */
        public Builder create(int childType, int targetType) {
            this.childType = childType;
            this.targetType = targetType;
            return this;
        }

        public Builder authenticated(boolean authenticated) {
            this.authenticated = authenticated;
            return this;
        }

        public Builder remoteIp(InetAddress remoteIp) {
            this.remoteIp = remoteIp;
            return this;
        }

        /** The originator's location; null means unknown. */
        public Builder location(OriginatorLocation location) {
            this.location = Optional.ofNullable(location);
            return this;
        }

        /** The originator's location as a {@link LocationSource} answered; empty (or null) means unknown. */
        public Builder location(Optional<OriginatorLocation> location) {
            this.location = location == null ? Optional.empty() : location;
            return this;
        }

        public Builder at(Instant requestTime) {
            this.requestTime = requestTime;
            return this;
        }

        public Builder roleIds(List<String> roleIds) {
            this.roleIds = roleIds;
            return this;
        }

        public RequestFacts build() {
            return new RequestFacts(originator, operation, childType, targetType, authenticated, remoteIp, location,
                    requestTime != null ? requestTime : Instant.now(), roleIds);
        }
    }
}
