package io.bastion.trust.das;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.core.time.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesFileTest {
    @TempDir
    Path dir;

    static final String ONE = RulesParserTest.rules("{'name':'a','originators':['x'],'targets':['t'],"
            + "'operations':2,'lifetime':5,'grant':'privileges'}");
    static final String TWO = RulesParserTest.rules("{'name':'a','originators':['x'],'targets':['t'],"
            + "'operations':2,'lifetime':5,'grant':'privileges'}", "{'name':'b','originators':['y'],"
            + "'targets':['t'],'operations':2,'lifetime':5,'grant':'token'}");

    @Test
    void aChangedFileIsReloadedAndABrokenOneKeepsThePreviousRules() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-05-06T10:00:00Z"));
        Path f = Files.writeString(dir.resolve("rules.json"), ONE);
        RulesFile rules = RulesFile.load(f, clock);
        assertThat(rules.rules()).hasSize(1);

        Files.writeString(f, TWO);
        Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
        assertThat(rules.rules()).as("not looked at within the check interval").hasSize(1);
        clock.advance(Duration.ofSeconds(2));
        assertThat(rules.rules()).extracting(DasRule::name).containsExactly("a", "b");

        Files.writeString(f, "{\"rules\": [");
        Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2030-01-02T00:00:00Z")));
        clock.advance(Duration.ofSeconds(2));
        assertThat(rules.rules()).as("a broken edit keeps what was in force").hasSize(2);
    }

    @Test
    void anInvalidOrMissingFileIsAnErrorAtStart() throws Exception {
        MutableClock clock = new MutableClock(Instant.EPOCH);
        assertThatThrownBy(() -> RulesFile.load(dir.resolve("none.json"), clock)).hasMessageContaining("no such file");
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"rules\":[{\"name\":\"n\"}]}");
        assertThatThrownBy(() -> RulesFile.load(bad, clock)).hasMessageContaining("rules[0].originators: missing");
    }
}
