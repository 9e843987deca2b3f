package io.bastion.core.log;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * A logger's per-peer and per-packet lines, rate-limited per message pattern so that a flood of clients (garbage
 * datagrams, aborted uploads, refused handshakes) cannot flood the log: of the lines with one pattern, the first
 * {@code burst} of an interval are written, the first one beyond them announces that similar lines are being
 * suppressed, and the rest of the interval is only counted. The next line of that pattern after the interval is
 * preceded by one summary, {@code … N similar lines suppressed in the last S s: "pattern"}.
 *
 * <pre>{@code
 * private static final RateLimitedLog LIMITED = RateLimitedLog.of(LoggerFactory.getLogger(MyDoor.class));
 * LIMITED.info("client {} refused: {}", peer, reason);
 * }</pre>
 *
 * The pattern is the key, so it must be a constant (the varying parts go into the arguments). Per-peer lines carry
 * their reason as text, never a stack trace; a trailing {@link Throwable} argument is printed as slf4j does, which is
 * for bugs only. Thread-safe; a line below the logger's level costs one level check.
 */
public final class RateLimitedLog {
    /** Lines of one pattern written per interval before suppression starts. */
    public static final int DEFAULT_BURST = 10;
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);
    /**
     * Patterns tracked on their own; should code ever pass varying patterns, those beyond this share one window
     * instead of growing the map.
     */
    static final int MAX_PATTERNS = 256;
    private static final String OTHER = "(other patterns)";

    private final Logger log;
    private final int burst;
    private final long intervalMillis;
    private final Clock clock;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    public RateLimitedLog(Logger log, int burst, Duration interval, Clock clock) {
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1: " + burst);
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        this.log = Objects.requireNonNull(log, "log");
        this.burst = burst;
        this.intervalMillis = interval.toMillis();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The system property that changes the burst of {@link #of}: an operator who wants more lines of a pattern per
     * minute, and the integration tests, whose many servers in one JVM would otherwise share a minute's burst.
     */
    public static final String BURST_PROPERTY = "bastion.log.burst";

    /** {@value #DEFAULT_BURST} lines of a pattern per minute, or what {@value #BURST_PROPERTY} says. */
    public static RateLimitedLog of(Logger log) {
        return new RateLimitedLog(log, Math.max(1, Integer.getInteger(BURST_PROPERTY, DEFAULT_BURST)),
                DEFAULT_INTERVAL, Clock.systemUTC());
    }

    /** The logger behind, for lines that need no limit (e.g. debug detail an operator asks for). */
    public Logger logger() {
        return log;
    }

    public void info(String pattern, Object... args) {
        log(Level.INFO, pattern, args);
    }

    public void warn(String pattern, Object... args) {
        log(Level.WARN, pattern, args);
    }

    public void error(String pattern, Object... args) {
        log(Level.ERROR, pattern, args);
    }

    private void log(Level level, String pattern, Object[] args) {
        if (!log.isEnabledForLevel(level)) {
            return;
        }
        Window w = windows.get(pattern);
        if (w == null) {
            w = windows.computeIfAbsent(windows.size() < MAX_PATTERNS ? pattern : OTHER, k -> new Window());
        }
        long now = clock.millis();
        long carried;
        boolean write;
        boolean announce;
        synchronized (w) {
            carried = 0;
            if (now - w.start >= intervalMillis || now < w.start) {
                carried = w.suppressed;
                w.start = now;
                w.written = 0;
                w.suppressed = 0;
            }
            write = w.written < burst;
            if (write) {
                w.written++;
            } else {
                w.suppressed++;
            }
            announce = !write && w.suppressed == 1;
        }
        long seconds = Math.max(1, intervalMillis / 1000);
        if (carried > 0) {
            write(level, "… {} similar lines suppressed in the last {} s: \"{}\"", carried, seconds, pattern);
        }
        if (write) {
            write(level, pattern, args);
        } else if (announce) {
            write(level, "more than {} lines like \"{}\" in {} s: suppressing them until the interval ends", burst,
                    pattern, seconds);
        }
    }

    /** Through the classic API, which takes a trailing {@link Throwable} argument as the line's exception. */
    private void write(Level level, String pattern, Object... args) {
        switch (level) {
            case ERROR -> log.error(pattern, args);
            case WARN -> log.warn(pattern, args);
            default -> log.info(pattern, args);
        }
    }

    /** The current interval of one pattern; guarded by its own monitor. */
    private static final class Window {
        long start = Long.MIN_VALUE / 2;
        int written;
        long suppressed;
    }
}
