package io.bastion.server;

/**
 * The Upper Tester endpoint of TS-0019 ({@code POST /__ut__} on the HTTP door), a test interface that can wipe every
 * resource: off unless {@code upper-tester.enabled=true}. It answers loopback peers only, and the server refuses to
 * start with it on a non-loopback {@code http.bind} unless {@code upper-tester.allow-non-loopback=true} says so too
 * (a reverse proxy on the same host would make every peer look like loopback).
 *
 * @param enabled whether {@code /__ut__} is served ({@code upper-tester.enabled})
 * @param allowNonLoopback whether it may be on while HTTP listens on a non-loopback address
 *        ({@code upper-tester.allow-non-loopback}); peers must still be loopback
 */
public record UpperTesterSettings(boolean enabled, boolean allowNonLoopback) {
    /** Off. */
    public static UpperTesterSettings defaults() {
        return new UpperTesterSettings(false, false);
    }
}
