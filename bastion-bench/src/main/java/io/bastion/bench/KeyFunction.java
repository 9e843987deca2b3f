package io.bastion.bench;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The function that issues the keys of a {@link KeyHandshakeScenario}: a MAF (MAF-based SAEF, TS-0003 8.2.2.3) or a
 * MEF (MEF-based SAEF, 8.2.2.2). Each says how it is provisioned and started from the server jar, how the CSE is told
 * about it, and its two procedures the bench runs as the client: the client registration and a key registration with
 * a key value the bench chose ({@code kv}), so that all keys come from one session.
 */
sealed interface KeyFunction permits KeyFunction.Maf, KeyFunction.Mef {
    /** The bench's client of the function (the phone of a MAF, the device of a MEF). */
    String CLIENT_ID = "/id-in/Cphone";
    /** The CSE's ID, the target of every key. */
    String CSE_ID = "/id-in";
    String ADMIN_FQDN = "sp.bench.example";

    /** The scenario's name, e.g. {@code handshake-maf}. */
    String scenario();

    /** {@code maf} or {@code mef}: the base path ({@code /maf}) and the prefix of the figures' names. */
    String prefix();

    /** The FQDN ending its Key Identifiers ({@code relative@FQDN}). */
    String fqdn();

    /** The bench's identity in its TLS-PSK sessions with the function. */
    default String clientIdentity() {
        return prefix() + "-phone@" + fqdn();
    }

    /** The CSE's identity in its TLS-PSK sessions with the function; in the CSE's PSK store too, bound to its ID. */
    default String cseIdentity() {
        return prefix() + "-cse@" + fqdn();
    }

    /** Adds the client and the CSE, with their keys, to the function's data folder. */
    void provision(CseProcess.Cli cli, Path data, byte[] clientKey, byte[] cseKey, Map<String, String> environment)
            throws InterruptedException;

    /** The arguments after {@code -jar SERVER_JAR} that run it; it prints {@code listening <prefix>=PORT}. */
    List<String> runArgs(Path data, int port, String passwordVariable);

    /** The environment variable its keystore password is read from. */
    String passwordVariable();

    /** The CSE's configuration lines naming the function at {@code port} ({@code maf.*}, {@code mef.*}). */
    default String cseConfiguration(int port) {
        return prefix() + ".url=https://127.0.0.1:" + port + "\n" + prefix() + ".psk-identity=" + cseIdentity() + "\n";
    }

    /** The resource type of the client registration (MAF 9002, MEF 9005). */
    int clientRegistrationType();

    /** The root of the client registration's content ({@code sec:macr}, {@code sec:mecr}). */
    String clientRegistrationRoot();

    /** The Security Usage Identifier of the keys: MAF-based SAEF 32, MEF-based SAEF 22 (TS-0003 table 8.2.2-1). */
    int suid();

    /** The content of the client registration. */
    default String clientRegistration(String et) {
        return "{\"" + clientRegistrationRoot() + "\":{\"et\":\"" + et + "\",\"adfq\":\"" + ADMIN_FQDN + "\"}}";
    }

    /** The content of a key registration (resource type 9003) for the CSE with the key value {@code kv} (base64). */
    default String keyRegistration(String et, String kv) {
        return "{\"sec:mkr\":{\"et\":\"" + et + "\",\"adfq\":\"" + ADMIN_FQDN + "\",\"suid\":" + suid()
                + ",\"tgis\":[\"" + CSE_ID + "\"],\"kv\":\"" + kv + "\"}}";
    }

    /** The MAF ({@code maf run}): the bench is a MAF Client (KmID) registering SUID 32 keys for the CSE. */
    record Maf() implements KeyFunction {
        @Override
        public String scenario() {
            return "handshake-maf";
        }

        @Override
        public String prefix() {
            return "maf";
        }

        @Override
        public String fqdn() {
            return "maf.bench.example";
        }

        @Override
        public void provision(CseProcess.Cli cli, Path data, byte[] clientKey, byte[] cseKey,
                              Map<String, String> environment) throws InterruptedException {
            KeyHandshakeScenario.addPsk(cli, data, clientIdentity(), clientKey, "Cphone");
            KeyHandshakeScenario.addPsk(cli, data, cseIdentity(), cseKey, CSE_ID);
        }

        @Override
        public List<String> runArgs(Path data, int port, String passwordVariable) {
            return List.of("maf", "run", "--fqdn", fqdn(), "--admin-fqdn", ADMIN_FQDN, "--port",
                    String.valueOf(port), "--data", data.toString(), "--keystore-password-env", passwordVariable);
        }

        @Override
        public String passwordVariable() {
            return "BASTION_KEYSTORE_PASSWORD";
        }

        @Override
        public int clientRegistrationType() {
            return 9002;
        }

        @Override
        public String clientRegistrationRoot() {
            return "sec:macr";
        }

        @Override
        public int suid() {
            return 32;
        }
    }

    /**
     * The MEF ({@code mef run}): the bench is an enrolee (KpmID) registering SUID 22 keys (MEF-based SAEF) for the
     * CSE, which is an enrolee too (its KpmID, its CSE-ID) and retrieves them as their Target MEF Client.
     */
    record Mef() implements KeyFunction {
        @Override
        public String scenario() {
            return "handshake-mef";
        }

        @Override
        public String prefix() {
            return "mef";
        }

        @Override
        public String fqdn() {
            return "mef.bench.example";
        }

        @Override
        public void provision(CseProcess.Cli cli, Path data, byte[] clientKey, byte[] cseKey,
                              Map<String, String> environment) throws InterruptedException {
            enrol(cli, data, clientIdentity(), clientKey, CLIENT_ID, environment);
            enrol(cli, data, cseIdentity(), cseKey, CSE_ID, environment);
        }

        private static void enrol(CseProcess.Cli cli, Path data, String kpmId, byte[] kpm, String id,
                                  Map<String, String> environment) throws InterruptedException {
            cli.run(List.of("mef", "enrolee", "add", "--kpm-id", kpmId, "--key", "-", "--id", id, "--data",
                    data.toString()), HexFormat.of().formatHex(kpm) + "\n", environment);
        }

        @Override
        public List<String> runArgs(Path data, int port, String passwordVariable) {
            return List.of("mef", "run", "--fqdn", fqdn(), "--port", String.valueOf(port), "--data",
                    data.toString());
        }

        @Override
        public String passwordVariable() {
            return "BASTION_MEF_KEYSTORE_PASSWORD";
        }

        /** A KpmID does not name the MEF, so the CSE is told its FQDN too. */
        @Override
        public String cseConfiguration(int port) {
            return KeyFunction.super.cseConfiguration(port) + "mef.fqdn=" + fqdn() + "\n";
        }

        @Override
        public int clientRegistrationType() {
            return 9005;
        }

        @Override
        public String clientRegistrationRoot() {
            return "sec:mecr";
        }

        @Override
        public int suid() {
            return 22;
        }
    }
}
