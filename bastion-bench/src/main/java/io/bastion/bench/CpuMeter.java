package io.bastion.bench;

import java.time.Duration;

/**
 * CPU time of the bench process and of the CSE process over a measurement window, as average busy cores: shows
 * which side is saturated when both share a small machine (e.g. a TLS client on one event loop).
 */
final class CpuMeter {

    /** Average busy cores during a window; NaN when the OS did not tell. */
    record Use(double bench, double cse) {
        static final Use UNKNOWN = new Use(Double.NaN, Double.NaN);
    }

    /** CPU times at the start of a window, in nanoseconds (-1 when unknown). */
    record Start(long bench, long cse) {
    }

    /** Measures the bench process only (e.g. the baseline, whose server runs inside it). */
    static final CpuMeter BENCH_ONLY = new CpuMeter(null);

    private final ProcessHandle cse;

    CpuMeter(ProcessHandle cse) {
        this.cse = cse;
    }

    Start start() {
        return new Start(cpuNanos(ProcessHandle.current()), cpuNanos(cse));
    }

    Use since(Start start, double seconds) {
        if (seconds <= 0) {
            return Use.UNKNOWN;
        }
        return new Use(cores(start.bench(), cpuNanos(ProcessHandle.current()), seconds),
                cores(start.cse(), cpuNanos(cse), seconds));
    }

    private static double cores(long before, long after, double seconds) {
        return before < 0 || after < 0 ? Double.NaN : (after - before) / 1e9 / seconds;
    }

    private static long cpuNanos(ProcessHandle p) {
        if (p == null) {
            return -1;
        }
        return p.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }
}
