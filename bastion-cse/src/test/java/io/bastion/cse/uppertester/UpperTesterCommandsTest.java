package io.bastion.cse.uppertester;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.core.binding.UpperTester;
import io.bastion.core.primitive.Authentication;
import io.bastion.core.primitive.Peer;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.cse.audit.AuditEntry;
import io.bastion.cse.audit.AuditSink;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The commands, the loopback rule and the audit of every use, without a door. */
class UpperTesterCommandsTest {
    static final Peer LOOPBACK = new Peer(new InetSocketAddress("127.0.0.1", 40000), "http", Authentication.none());
    static final Peer REMOTE = new Peer(new InetSocketAddress("192.0.2.7", 40000), "http", Authentication.none());

    final List<AuditEntry> audited = new ArrayList<>();
    final AtomicInteger resets = new AtomicInteger();
    final UpperTesterCommands ut = new UpperTesterCommands(() -> {
        resets.incrementAndGet();
        return 3;
    }, new AuditSink() {
        @Override
        public boolean recordsPermits() {
            return false; // the Upper Tester is audited all the same
        }

        @Override
        public void record(AuditEntry entry) {
            audited.add(entry);
        }
    }, Clock.fixed(Instant.parse("2026-05-01T10:00:00Z"), ZoneOffset.UTC));

    @Test
    void resetRunsForALoopbackPeerAndIsAuditedAsRun() {
        UpperTester.Outcome o = ut.run(" Reset ", false, "ut-1", LOOPBACK);
        assertThat(o.rsc()).isEqualTo(ResponseStatusCode.OK);
        assertThat(o.result()).isEqualTo("removed 3");
        assertThat(resets).hasValue(1);
        assertThat(audited).singleElement().satisfies(e -> {
            assertThat(e.permitted()).isTrue();
            assertThat(e.rqi()).isEqualTo("ut-1");
            assertThat(e.address()).isEqualTo(UpperTester.PATH);
            assertThat(e.peerIp()).isEqualTo("127.0.0.1");
            assertThat(e.reason()).contains("Upper Tester", "reset", "3 resources");
        });
    }

    @Test
    void aPeerThatIsNotLoopbackIsRefusedAndAuditedAndNothingRuns() {
        UpperTester.Outcome o = ut.run("reset", false, "ut-2", REMOTE);
        assertThat(o.rsc()).isEqualTo(ResponseStatusCode.ORIGINATOR_HAS_NO_PRIVILEGE);
        assertThat(o.message()).contains("loopback");
        assertThat(resets).hasValue(0);
        assertThat(audited).singleElement().satisfies(e -> {
            assertThat(e.permitted()).isFalse();
            assertThat(e.rsc()).isEqualTo(ResponseStatusCode.ORIGINATOR_HAS_NO_PRIVILEGE);
            assertThat(e.peerIp()).isEqualTo("192.0.2.7");
            assertThat(e.reason()).contains("reset", "refused", "loopback");
        });
    }

    @Test
    void statusSaysRunning() {
        assertThat(ut.run("STATUS", false, null, LOOPBACK)).isEqualTo(UpperTester.Outcome.ok("running"));
    }

    @Test
    void whatIsNotImplementedIsRefusedSayingWhatIs() {
        UpperTester.Outcome unknown = ut.run("enableShortResourceExpiration", false, null, LOOPBACK);
        assertThat(unknown.rsc()).isEqualTo(ResponseStatusCode.NOT_IMPLEMENTED);
        assertThat(unknown.message()).contains("enableshortresourceexpiration", "reset and status");
        UpperTester.Outcome primitive = ut.run(null, true, null, LOOPBACK);
        assertThat(primitive.rsc()).isEqualTo(ResponseStatusCode.NOT_IMPLEMENTED);
        assertThat(primitive.message()).contains("primitive", "reset and status");
        assertThat(ut.run("  ", false, null, LOOPBACK).rsc()).isEqualTo(ResponseStatusCode.NOT_IMPLEMENTED);
        UpperTester.Outcome args = ut.run("reset now", false, null, LOOPBACK);
        assertThat(args.rsc()).isEqualTo(ResponseStatusCode.BAD_REQUEST);
        assertThat(resets).hasValue(0);
        assertThat(audited).hasSize(4).allSatisfy(e -> assertThat(e.permitted()).isFalse());
    }
}
