package io.bastion.security.token;

/**
 * A token was not accepted (TS-0003 7.3.2.5, 7.3.2.6.3). The message is one line, names what failed and is safe to
 * send to the client (it never holds a key, and echoed token content is shortened); the CSE answers with it.
 */
public final class TokenRefusedException extends Exception {
    public TokenRefusedException(String reason) {
        super(reason, null, false, false); // the reason is the whole story; no stack trace is ever shown
    }
}
