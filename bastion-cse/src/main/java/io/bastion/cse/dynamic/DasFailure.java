package io.bastion.cse.dynamic;

/**
 * Why a consultation of a Dynamic Authorization Server gave no usable answer: it could not be reached, timed out,
 * answered with an error status or with content that is not a dynamic authorization response. The message names
 * the DAS and the cause for the audit log (the originator's 4103 says only that dynamic authorization did not grant
 * the request); it never carries the DAS's body verbatim.
 */
public final class DasFailure extends Exception {
    public DasFailure(String message) {
        super(message, null, false, false);
    }
}
