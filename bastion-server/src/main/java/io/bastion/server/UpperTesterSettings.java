package io.bastion.server;

import java.net.InetAddress;
import java.net.UnknownHostException;

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
    /**
     * Refuses a configuration that would offer the Upper Tester on a non-loopback {@code http.bind} without
     * {@code upper-tester.allow-non-loopback}.
     *
     * @throws IllegalArgumentException saying which settings to change
     */
    public void checkBind(String bind) {
        if (!enabled || allowNonLoopback || isLoopback(bind)) {
            return;
        }
        throw new IllegalArgumentException("upper-tester.enabled=true, but http.bind " + bind + " is not a loopback "
                + "address: the Upper Tester can delete every resource of this CSE. Bind HTTP to 127.0.0.1, or set "
                + "upper-tester.allow-non-loopback=true too if this CSE really is a test system (the Upper Tester "
                + "still answers loopback peers only)");
    }

    private static boolean isLoopback(String bind) {
        try {
            return InetAddress.getByName(bind).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Off. */
    public static UpperTesterSettings defaults() {
        return new UpperTesterSettings(false, false);
    }
}
