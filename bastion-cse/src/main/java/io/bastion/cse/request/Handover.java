package io.bastion.cse.request;

import java.util.Objects;

/**
 * The CSE that handed a request to this one over the Mcc, as the authentication stage established it: the CSE the
 * originator is, or the CSE through which this CSE reaches the originator's registrar (TS-0001 8.2.1), proved by the
 * security association the request came over, or admitted without one by {@code mcc.plain.allow}.
 *
 * @param cseId the SP-relative CSE-ID of that CSE ({@code /id-mn})
 * @param plainGlob the {@code mcc.plain.allow} glob that admitted it without a security association, or null when an
 *        association proved it
 */
public record Handover(String cseId, String plainGlob) {
    public Handover {
        Objects.requireNonNull(cseId, "cseId");
    }

    /** Whether a security association proved the CSE (false: only {@code mcc.plain.allow} admitted it). */
    public boolean authenticated() {
        return plainGlob == null;
    }

    /** One line for the audit log and explanations. */
    public String describe() {
        return authenticated()
                ? "handed over by " + cseId + ", proved by the security association"
                : "plain Mcc: " + cseId + " NOT authenticated, admitted by mcc.plain.allow '" + plainGlob + "'";
    }
}
