package io.bastion.trust.das;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules in force, read from a file and re-read when it changes (its modification time or size), checked at
 * most once per {@link #CHECK_INTERVAL} when rules are asked for. A file that fails to parse on reload leaves the
 * previous rules in force and logs why; at start-up it is an error. A missing file at reload also keeps the
 * previous rules, since an editor may be replacing it. Thread-safe.
 */
public final class RulesFile {
    private static final Logger log = LoggerFactory.getLogger(RulesFile.class);
    static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

    private final Path file;
    private final Clock clock;
    private volatile List<DasRule> rules;
    private Stamp stamp;
    private Instant nextCheck;

    private record Stamp(long modified, long size) {
    }

    private RulesFile(Path file, Clock clock, List<DasRule> rules, Stamp stamp) {
        this.file = file;
        this.clock = clock;
        this.rules = rules;
        this.stamp = stamp;
        this.nextCheck = clock.instant().plus(CHECK_INTERVAL);
    }

    /**
     * Loads {@code file}.
     *
     * @throws IllegalArgumentException when it cannot be read or is not a valid rules file (the message says where)
     */
    public static RulesFile load(Path file, Clock clock) {
        try {
            Stamp s = stamp(file);
            return new RulesFile(file, clock, read(file), s);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("rules file " + file + ": no such file");
        } catch (IOException e) {
            throw new IllegalArgumentException("rules file " + file + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    public Path file() {
        return file;
    }

    /** The rules in force, re-read first if the file changed since the last look. */
    public List<DasRule> rules() {
        Instant now = clock.instant();
        synchronized (this) {
            if (now.isBefore(nextCheck)) {
                return rules;
            }
            nextCheck = now.plus(CHECK_INTERVAL);
            try {
                Stamp s = stamp(file);
                if (!s.equals(stamp)) {
                    stamp = s;
                    List<DasRule> fresh = read(file);
                    rules = fresh;
                    log.info("rules file {} reloaded: {} rule(s)", file, fresh.size());
                }
            } catch (IOException e) {
                log.warn("rules file {} cannot be read, keeping the previous {} rule(s): {}", file, rules.size(),
                        e.toString());
            } catch (IllegalArgumentException e) {
                log.warn("rules file {} is invalid, keeping the previous {} rule(s): {}", file, rules.size(),
                        e.getMessage());
            }
            return rules;
        }
    }

    private static List<DasRule> read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        try {
            return RulesParser.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("rules file " + file + ": " + e.getMessage());
        }
    }

    private static Stamp stamp(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return new Stamp(a.lastModifiedTime().toMillis(), a.size());
    }
}
