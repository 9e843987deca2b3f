package io.bastion.server;

import io.bastion.client.trust.CommandReport;
import io.bastion.client.trust.CseRegistration;
import io.bastion.client.trust.DeviceCertificate;
import io.bastion.client.trust.Enrolment;
import io.bastion.client.trust.MafKey;
import io.bastion.client.trust.MefClient;
import io.bastion.security.certificate.Certificates;
import io.bastion.security.credential.PrivateFile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code bastion device enrol}: a device that knows only its KpmID, its Kpm and the MEF's address enrols
 * ({@link MefClient}, TS-0003 8.3.2.1) and leaves what it obtained in files: its certificate and key for curl and
 * a PKCS#12 file, the trust anchors, its MO nodes. Prints IDs and fingerprints, never a key.
 */
record DeviceEnrolment(DeviceCommand.HostPort mef, String kpmId, String adminFqdn, Path out, Duration timeout,
                       char[] password) {
    /** Where the password of DIR/device.p12 comes from. */
    static final String PASSWORD_VARIABLE = "BASTION_DEVICE_PASSWORD";

    static DeviceEnrolment of(Map<String, String> o, Function<String, String> environment) {
        String pw = environment.apply(PASSWORD_VARIABLE);
        if (pw == null || pw.isEmpty()) {
            throw new IllegalArgumentException(PASSWORD_VARIABLE + " is not set: it is the password of the "
                    + "device's key store DIR/device.p12");
        }
        return new DeviceEnrolment(DeviceCommand.HostPort.parse(DeviceCommand.need(o, "--mef"), "--mef"),
                DeviceCommand.need(o, "--kpm-id"), DeviceCommand.need(o, "--admin-fqdn"), Path.of(DeviceCommand.need(o, "--out")),
                DeviceCommand.timeout(o), pw.toCharArray());
    }

    int run(byte[] kpm, PrintStream print) throws IOException {
        MefClient client = MefClient.to(mef.host(), mef.port(), kpmId, kpm).timeout(timeout).adminFqdn(adminFqdn);
        Enrolment enrolment;
        try {
            enrolment = client.enrol();
        } catch (IOException | RuntimeException e) {
            Arrays.fill(password, '\0');
            throw e;
        }
        PrivateFile.createPrivateDirectory(out);
        print.println("enrolled " + enrolment.registrationId() + " as " + enrolment.clientId() + ", KeID "
                + enrolment.keyId());
        for (CommandReport r : enrolment.reports()) {
            print.println("command " + r.commandId() + " class " + r.commandClass() + " reported " + r.statusCode());
        }
        try {
            if (enrolment.certificate().isPresent()) {
                DeviceCertificate c = enrolment.certificate().get();
                c.writePkcs12(out.resolve("device.p12"), password);
                c.writePem(out.resolve("device.pem"), out.resolve("device-key.pem"));
                print.println("certificate " + c.fingerprint() + " in " + out.resolve("device.pem") + " (key in "
                        + out.resolve("device-key.pem") + ", both in device.p12)");
            } else {
                print.println("certificate: none (no CERT_PROV command was queued)");
            }
        } finally {
            Arrays.fill(password, '\0');
        }
        List<X509Certificate> anchors = enrolment.configuration().trustAnchors();
        if (!anchors.isEmpty()) {
            StringBuilder pem = new StringBuilder();
            for (X509Certificate a : anchors) {
                pem.append(Certificates.pem(a));
                print.println("trust anchor " + Certificates.fingerprint(a) + " "
                        + a.getSubjectX500Principal().getName());
            }
            Files.writeString(out.resolve("trust.pem"), pem, StandardCharsets.US_ASCII);
        }
        enrolment.configuration().write(out.resolve("configuration.json"));
        for (String path : enrolment.configuration().nodes().keySet()) {
            print.println("mo node " + path);
        }
        writeKeys(enrolment, print);
        enrolment.configuration().registration().ifPresent(r -> print.println(cse(r)));
        print.println(enrolment.retryAfter() == null ? "no retryDuration given (or not an xs:duration)"
                : "next enrolment in " + enrolment.retryAfter().toSeconds() + " s (retryDuration)");
        return 0;
    }

    /**
     * Each authenticationProfile processed to a symmetric key (SUID 21–23, a MEF Key Registration, TS-0003 8.3.9.9.4)
     * in {@code DIR/keys/<path with / as _>.key}, as {@code device maf-key} writes its key; prints the identity only.
     */
    private void writeKeys(Enrolment enrolment, PrintStream print) throws IOException {
        Path keys = out.resolve("keys");
        for (String path : enrolment.configuration().nodes().keySet()) {
            Optional<MafKey> k = enrolment.configuration().symmetricKey(path);
            if (k.isEmpty()) {
                continue;
            }
            PrivateFile.createPrivateDirectory(keys);
            Path file = keys.resolve(path.replace('/', '_') + ".key");
            DeviceMafKey.writeKeyFile(file, k.get());
            print.println("key " + path + " (SUID " + k.get().suid() + ") " + k.get().pskIdentity() + " for "
                    + String.join(" ", k.get().targetIds()) + " until " + k.get().expires() + " in " + file);
        }
    }

    private static String cse(CseRegistration r) {
        return "cse " + r.cseId() + " (CSEBase " + r.cseBase() + ") at " + String.join(" ", r.pointOfAccess());
    }
}
