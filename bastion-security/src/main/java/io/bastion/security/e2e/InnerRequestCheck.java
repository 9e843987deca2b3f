package io.bastion.security.e2e;

import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.ResponseStatusCode;
import java.util.function.UnaryOperator;

/**
 * What every ESPrim Receiver (a CSE, an AE) checks of the inner request of an ESPrim object that verified (TS-0003
 * 8.4.2 C.6a.1, 7.2.2), in order: it parses ({@link InnerPrimitives#request}, 4000 naming what is wrong), its
 * {@code fr} is the key's identity (4116 ESPRIM_IMPERSONATION_ERROR), and it carries no {@code m2m:seci} of its own
 * (4000: end-to-end messages do not nest). A refusal is answered protected, since the session key is established.
 */
public final class InnerRequestCheck {
    private InnerRequestCheck() {
    }

    /** The outcome: the inner request to run, or why it is refused (and the request, when it parsed). */
    public sealed interface Outcome permits Accepted, Refused {
    }

    /** The inner request passed: run it. */
    public record Accepted(Request request) implements Outcome {
    }

    /** The inner request is refused with {@code reason}'s code; {@code request} is null when it did not parse. */
    public record Refused(Request request, OneM2MException reason) implements Outcome {
    }

    /**
     * Checks the inner request of {@code opened}.
     *
     * @param canonical the form in which the inner {@code fr} and the key's identity are compared
     */
    public static Outcome check(EsprimReceiver.Opened opened, UnaryOperator<String> canonical) {
        Request inner;
        try {
            inner = InnerPrimitives.request(opened.plaintext());
        } catch (OneM2MException e) {
            return new Refused(null, e);
        }
        try {
            opened.verifyOriginator(inner.fr(), canonical);
        } catch (EsprimRefusal e) {
            return new Refused(inner, e);
        }
        if (SecurityInfo.isSecurityInfo(inner.pc())) {
            return new Refused(inner, new OneM2MException(ResponseStatusCode.BAD_REQUEST, "an ESPrim object's inner "
                    + "request does not carry m2m:seci: end-to-end messages do not nest"));
        }
        return new Accepted(inner);
    }
}
