package io.bastion.cse.uppertester;

import io.bastion.core.binding.UpperTester;
import io.bastion.core.primitive.Peer;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.text.Excerpt;
import io.bastion.cse.audit.AuditEntry;
import io.bastion.cse.audit.AuditSink;
import java.time.Clock;
import java.util.Locale;
import java.util.function.IntSupplier;

/**
 * The commands of the Upper Tester (TS-0019) this CSE implements, in the form test suites send them
 * ({@code X-M2M-UTCMD: <command> [arguments]}, the command's name in any case):
 * <ul>
 *   <li>{@code reset}: back to the initial state ({@link InitialState}); no arguments. {@code X-M2M-UTRSP} says how
 *       many resources below the CSEBase were removed.</li>
 *   <li>{@code status}: {@code X-M2M-UTRSP: running} while the CSE serves requests.</li>
 * </ul>
 * Anything else, and a request without a command (TS-0019 also lets one carry a primitive for the CSE to send), is
 * refused with 5001 NOT_IMPLEMENTED saying what is implemented. Only loopback peers are served (4103 otherwise), and
 * every use, run or refused, is written to the audit log whatever {@code audit.permits} says.
 */
public final class UpperTesterCommands implements UpperTester {
    private static final String IMPLEMENTED = "it implements the commands reset and status (X-M2M-UTCMD)";

    private final IntSupplier reset;
    private final AuditSink audit;
    private final Clock clock;

    /** @param reset brings the CSE back to its initial state ({@link InitialState#restore}), answering how many went */
    public UpperTesterCommands(IntSupplier reset, AuditSink audit, Clock clock) {
        this.reset = reset;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public Outcome run(String command, boolean withPrimitive, String rqi, Peer peer) {
        Ran r = decide(command, withPrimitive, peer);
        audit.record(AuditEntry.upperTester(clock.instant(), rqi, peer.door(), peer.address(), PATH,
                r.outcome().rsc() == ResponseStatusCode.OK, r.outcome().rsc(), "Upper Tester: " + r.what()));
        return r.outcome();
    }

    /** What came of a request, and the audit's words for it. */
    private record Ran(Outcome outcome, String what) {
        static Ran refused(ResponseStatusCode rsc, String message, String what) {
            return new Ran(Outcome.refused(rsc, message), what + " refused: " + message);
        }
    }

    private Ran decide(String command, boolean withPrimitive, Peer peer) {
        String shown = command == null ? "(no command)" : Excerpt.of(command.strip());
        if (!peer.isLoopback()) {
            return Ran.refused(ResponseStatusCode.ORIGINATOR_HAS_NO_PRIVILEGE,
                    "the Upper Tester answers loopback peers only", shown);
        }
        if (command == null || command.isBlank()) {
            return Ran.refused(ResponseStatusCode.NOT_IMPLEMENTED, withPrimitive
                    ? "an Upper Tester request carrying a primitive for the CSE to act on is not implemented; "
                    + IMPLEMENTED : "an Upper Tester request names a command in X-M2M-UTCMD; " + IMPLEMENTED, shown);
        }
        String c = command.strip();
        int space = c.indexOf(' ');
        String name = (space < 0 ? c : c.substring(0, space)).toLowerCase(Locale.ROOT);
        String args = space < 0 ? "" : c.substring(space + 1).strip();
        return switch (name) {
            case "reset" -> {
                if (!args.isEmpty()) {
                    yield Ran.refused(ResponseStatusCode.BAD_REQUEST, "the command reset takes no arguments", shown);
                }
                int removed = reset.getAsInt();
                yield new Ran(Outcome.ok("removed " + removed), "reset, " + removed
                        + " resources below the CSEBase removed with their subtrees");
            }
            case "status" -> new Ran(Outcome.ok("running"), "status");
            default -> Ran.refused(ResponseStatusCode.NOT_IMPLEMENTED, "the Upper Tester command '" + Excerpt.of(name)
                    + "' is not implemented by this CSE; " + IMPLEMENTED, shown);
        };
    }
}
