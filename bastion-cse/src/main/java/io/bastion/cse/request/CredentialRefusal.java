package io.bastion.cse.request;

import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.ResponseStatusCode;

/**
 * A token or role of a request that cannot be used (4103 ORIGINATOR_HAS_NO_PRIVILEGE), told as an access-control
 * refusal is ({@link io.bastion.cse.access.Refusal}): the message says in general terms which presented credential
 * failed and why, naming only what the originator gave itself (a Role-ID of {@code rids}, a position in {@code tkns},
 * a tokenID of {@code tids}) and what it holds itself (the content of a token it presented). The {@link #detail} adds
 * what the originator may not see — resource IDs of {@code <role>} and {@code <token>} resources, issuers and holders
 * of stored assignments, Dynamic Authorization Servers asked — and goes to the audit log
 * ({@link io.bastion.cse.access.RequestGrants#credentials}) and to {@code explain}.
 */
public final class CredentialRefusal extends OneM2MException {
    private final String detail;

    /**
     * @param told what the originator reads
     * @param detail the same refusal with everything the operator needs
     */
    public CredentialRefusal(String told, String detail) {
        super(ResponseStatusCode.ORIGINATOR_HAS_NO_PRIVILEGE, told);
        this.detail = detail;
    }

    /** The refusal as the audit log and {@code explain} show it. */
    public String detail() {
        return detail;
    }

    /** What an audit entry records for a refusal: the detail of a credential refusal, else the message. */
    public static String audited(OneM2MException e) {
        return e instanceof CredentialRefusal c ? c.detail() : e.getMessage();
    }
}
