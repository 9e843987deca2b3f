package io.bastion.client.trust;

/** A MEF Client Command ended with a cmdStatusCode other than OK, and why (for the log, never a key). */
final class CommandFailed extends Exception {
    // cmdStatusCode values of TS-0003 table 12.3.2.4-1 a client reports
    static final int OK = 20;
    static final int REPEATED_CMD_ID = 40;
    static final int CLASS_NOT_SUPPORTED = 41;
    static final int BAD_ARGUMENTS = 42;
    static final int UNACCEPTABLE_ARGUMENTS = 43;
    static final int CERT_PROV_SERVER_ERROR = 100;
    static final int CERT_PROV_CLIENT_ERROR = 101;
    static final int MO_NODE_NOT_FOUND = 300;
    static final int MO_NODE_TYPE_CONFLICT = 301;
    static final int MO_NODE_BAD_ARGS = 302;
    static final int MO_NODE_UNACCEPTABLE_ARGS = 303;
    static final int MO_NODE_INCONSISTENT_CONFIG = 304;
    static final int MO_NODE_PROCESSING_FAILED = 305;

    final int status;

    CommandFailed(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }
}
