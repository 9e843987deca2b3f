package io.bastion.trust.mef;

import java.util.Arrays;

/**
 * The {@code EXPORTER-oneM2M-Connection} bytes of one MEF Handshake's session, handed out once: a session yields one
 * exporter-derived key (TS-0003 8.3.5.2.7 step 2a), so a second such MEF Key Registration on it is a replay (4105).
 */
final class SessionExport {
    private byte[] exported;

    SessionExport(byte[] exported) {
        this.exported = exported;
    }

    /** The 48 bytes the first time (the caller wipes them), null afterwards or when none were exported. */
    synchronized byte[] take() {
        byte[] x = exported;
        exported = null;
        return x;
    }

    /** Wipes what was not taken (the session ended). */
    synchronized void wipe() {
        if (exported != null) {
            Arrays.fill(exported, (byte) 0);
            exported = null;
        }
    }
}
