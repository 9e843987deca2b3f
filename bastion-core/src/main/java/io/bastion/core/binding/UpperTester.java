package io.bastion.core.binding;

import io.bastion.core.primitive.Peer;
import io.bastion.core.primitive.ResponseStatusCode;

/**
 * The Upper Tester interface of TS-0019 as a door hands it a request: a conformance test suite drives the CSE through
 * it ({@code POST /__ut__} with an {@code X-M2M-UTCMD: <command> [arguments]} header, the result in
 * {@code X-M2M-UTRSP}). A test interface: a door offers it only when the operator turned it on.
 */
public interface UpperTester {
    /** The path the HTTP door serves it on, as test suites and other CSEs use it. */
    String PATH = "/__ut__";

    /**
     * Runs what one request asks.
     *
     * @param command the {@code X-M2M-UTCMD} value, or null when the request has none
     * @param withPrimitive whether the request carries a body (a primitive for the CSE to act on)
     * @param rqi the request's {@code X-M2M-RI}, or null, for the audit
     * @param peer who sent it
     */
    Outcome run(String command, boolean withPrimitive, String rqi, Peer peer);

    /**
     * What a door answers.
     *
     * @param rsc the status: OK when the command ran
     * @param result the command's result for {@code X-M2M-UTRSP}, or null
     * @param message why it did not run (for {@code m2m:dbg}), or null
     */
    record Outcome(ResponseStatusCode rsc, String result, String message) {
        public static Outcome ok(String result) {
            return new Outcome(ResponseStatusCode.OK, result, null);
        }

        public static Outcome refused(ResponseStatusCode rsc, String message) {
            return new Outcome(rsc, null, message);
        }
    }
}
