package io.bastion.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The phases of a closed-loop run: warm-up (nothing recorded), measurement, stop. Lanes read {@link #phase()} when an
 * operation completes; {@link #run} sleeps through the phases and meters the CPU during the measurement.
 */
final class RunClock {
    static final int WARMUP = 0;
    static final int MEASURE = 1;
    static final int STOP = 2;

    /** The measured window: its length and the CPU both processes used in it. */
    record Window(double seconds, CpuMeter.Use cpu) {
    }

    private volatile int phase = WARMUP;

    int phase() {
        return phase;
    }

    Window run(Duration warmup, Duration measure, CpuMeter meter) throws InterruptedException {
        TimeUnit.NANOSECONDS.sleep(warmup.toNanos());
        CpuMeter.Start cpu = meter.start();
        long start = System.nanoTime();
        phase = MEASURE;
        TimeUnit.NANOSECONDS.sleep(measure.toNanos());
        phase = STOP;
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Window(seconds, meter.since(cpu, seconds));
    }
}
