package io.bastion.server;

import io.bastion.client.trust.MafClient;
import io.bastion.client.trust.MafKey;
import io.bastion.client.trust.TrustServiceException;
import io.bastion.security.credential.PrivateFile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * {@code bastion device maf-key}: as a MAF Client ({@link MafClient}), a symmetric key for one CSE (TS-0003 8.8.2.7,
 * SUID 32 for MAF-based SAEF, Kc and KcID exported from a fresh MAF session), after a client registration (8.8.2.3)
 * when the MAF has none for the administrating stakeholder. The key goes to a file of mode 600 in the form
 * {@code identity=…}, {@code key=<hex>} that a shell script hands to {@code openssl s_client -psk_identity -psk}.
 */
record DeviceMafKey(DeviceCommand.HostPort maf, String kmId, String clientId, String target, String adminFqdn,
                    Duration lifetime, Path out, Duration timeout) {
    private static final long DEFAULT_LIFETIME_S = 3600;
    /** A client registration made here lives at least this long (the MAF caps it), so later keys reuse it. */
    private static final Duration CLIENT_REGISTRATION_LIFETIME = Duration.ofDays(1);
    /** The MAF's answer to a key registration without a live client registration (8.8.2.7 step 1). */
    private static final int NO_PRIVILEGE = 4103;

    static DeviceMafKey of(Map<String, String> o) {
        long lifetime = o.containsKey("--lifetime-s") ? DeviceCommand.positive(o.get("--lifetime-s"), "--lifetime-s")
                : DEFAULT_LIFETIME_S;
        return new DeviceMafKey(DeviceCommand.HostPort.parse(DeviceCommand.need(o, "--maf"), "--maf"),
                DeviceCommand.need(o, "--km-id"), DeviceCommand.need(o, "--id"), DeviceCommand.need(o, "--target"),
                DeviceCommand.need(o, "--admin-fqdn"), Duration.ofSeconds(lifetime),
                Path.of(DeviceCommand.need(o, "--out")), DeviceCommand.timeout(o));
    }

    int run(byte[] km, PrintStream print) throws IOException {
        MafKey key;
        try (MafClient client = MafClient.connect(maf.host(), maf.port(), kmId, km, clientId, timeout)) {
            Instant expires = Instant.now().plus(lifetime);
            try {
                key = client.registerKey(adminFqdn, target, expires);
            } catch (TrustServiceException e) {
                // no client registration with this adminFQDN yet: make one, then the key (a second 4103 stands)
                if (e.rsc() != NO_PRIVILEGE) {
                    throw e;
                }
                Duration life = lifetime.compareTo(CLIENT_REGISTRATION_LIFETIME) > 0 ? lifetime
                        : CLIENT_REGISTRATION_LIFETIME;
                print.println("registered with the MAF " + client.mafFqdn() + ": "
                        + client.register(adminFqdn, Instant.now().plus(life), List.of()).id());
                key = client.registerKey(adminFqdn, target, expires);
            }
        }
        writeKeyFile(out, key);
        print.println(key.pskIdentity());
        print.println("key for " + String.join(" ", key.targetIds()) + " until " + key.expires() + " in " + out);
        return 0;
    }

    /**
     * Writes {@code identity=<pskIdentity>} and {@code key=<hex of the key>} to {@code file} (mode 600, replaced
     * atomically), what a shell script hands to {@code openssl s_client -psk_identity -psk}; the copies are cleared.
     */
    static void writeKeyFile(Path file, MafKey key) throws IOException {
        byte[] kc = key.key();
        byte[] text = ("identity=" + key.pskIdentity() + "\nkey=" + HexFormat.of().formatHex(kc) + "\n")
                .getBytes(StandardCharsets.US_ASCII);
        try {
            PrivateFile f = new PrivateFile(file);
            f.locked(() -> {
                f.replace(text);
                return null;
            });
        } finally {
            Arrays.fill(text, (byte) 0);
            Arrays.fill(kc, (byte) 0);
        }
    }
}
