package io.bastion.trust.mef;

import io.bastion.security.credential.PreSharedKey;
import io.bastion.security.environment.SecureEnvironment;
import java.util.Optional;

/**
 * Where the MEF's symmetric keys live in its secure environment: a Kpm under {@code kpm:<KpmID>} and an Enrolment
 * Key under {@code ke:<KeID>}, a registered Key Value (8.3.5.2.7) under {@code mk:<RelativeKeyID>}, as pre-shared keys of the environment (TS-0003 8.3.2.1 NOTE 1 recommends a Secure
 * Environment for Kpm). The prefixes keep a KpmID from ever naming a Ke or a registered key.
 */
final class MefKeys {
    private MefKeys() {
    }

    static Optional<PreSharedKey> kpm(SecureEnvironment env, String kpmId) {
        return env.presharedKey("kpm:" + kpmId);
    }

    static void storeKpm(SecureEnvironment env, String kpmId, PreSharedKey kpm) {
        env.storePresharedKey("kpm:" + kpmId, kpm);
    }

    static boolean deleteKpm(SecureEnvironment env, String kpmId) {
        return env.deletePresharedKey("kpm:" + kpmId);
    }

    static void storeKe(SecureEnvironment env, String keId, byte[] ke) {
        env.storePresharedKey("ke:" + keId, PreSharedKey.of(ke));
    }

    static Optional<PreSharedKey> ke(SecureEnvironment env, String keId) {
        return env.presharedKey("ke:" + keId);
    }

    static void deleteKe(SecureEnvironment env, String keId) {
        env.deletePresharedKey("ke:" + keId);
    }

    static void storeKey(SecureEnvironment env, String relativeKeyId, PreSharedKey key) {
        env.storePresharedKey("mk:" + relativeKeyId, key);
    }

    static Optional<PreSharedKey> key(SecureEnvironment env, String relativeKeyId) {
        return env.presharedKey("mk:" + relativeKeyId);
    }

    static void deleteKey(SecureEnvironment env, String relativeKeyId) {
        env.deletePresharedKey("mk:" + relativeKeyId);
    }
}
