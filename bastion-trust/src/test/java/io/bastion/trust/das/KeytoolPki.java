package io.bastion.trust.das;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test certificates made with the JDK's {@code keytool}, the commands the README shows: a P-256 CA, and keys with
 * certificates it issues, stored with their chain in PKCS#12 files.
 */
public final class KeytoolPki {
    private final Path dir;
    private final String password;
    private int seq;

    public KeytoolPki(Path dir, String password) {
        this.dir = dir;
        this.password = password;
    }

    /** A CA in {@code <name>.p12} (alias {@code ca}); returns its certificate as {@code <name>.pem}. */
    public Path ca(String name) throws IOException, InterruptedException {
        Path p12 = dir.resolve(name + ".p12");
        run("-genkeypair", "-keystore", p12.toString(), "-storepass", password, "-alias", "ca", "-keyalg", "EC",
                "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-dname", "CN=" + name, "-ext", "bc:c",
                "-ext", "ku:c=keyCertSign,cRLSign", "-validity", "3650");
        Path pem = dir.resolve(name + ".pem");
        run("-exportcert", "-keystore", p12.toString(), "-storepass", password, "-alias", "ca", "-rfc", "-file",
                pem.toString());
        return pem;
    }

    /**
     * A P-256 key {@code alias} in {@code keystore} (created or added to) with a certificate from the CA {@code ca}
     * (made by {@link #ca}) carrying {@code san} (keytool syntax, e.g. {@code ip:127.0.0.1,uri:onem2m://sp/id-in});
     * the chain in the keystore is the certificate and the CA's.
     */
    public Path issue(String ca, Path keystore, String alias, String san, String eku) throws IOException,
            InterruptedException {
        run("-genkeypair", "-keystore", keystore.toString(), "-storepass", password, "-alias", alias, "-keyalg",
                "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-dname", "CN=" + alias);
        Path csr = dir.resolve(alias + "-" + (++seq) + ".csr");
        Path pem = dir.resolve(alias + "-" + seq + ".pem");
        run("-certreq", "-keystore", keystore.toString(), "-storepass", password, "-alias", alias, "-file",
                csr.toString());
        List<String> gen = new ArrayList<>(List.of("-gencert", "-keystore", dir.resolve(ca + ".p12").toString(),
                "-storepass", password, "-alias", "ca", "-sigalg", "SHA256withECDSA", "-ext", "san=" + san, "-ext",
                "ku:c=digitalSignature", "-validity", "365", "-rfc", "-infile", csr.toString(), "-outfile",
                pem.toString()));
        if (eku != null) {
            gen.addAll(List.of("-ext", "eku=" + eku));
        }
        run(gen.toArray(String[]::new));
        Path chain = dir.resolve(alias + "-" + seq + "-chain.pem");
        Files.writeString(chain, Files.readString(pem) + Files.readString(dir.resolve(ca + ".pem")));
        run("-importcert", "-keystore", keystore.toString(), "-storepass", password, "-alias", alias, "-file",
                chain.toString(), "-noprompt");
        return keystore;
    }

    private void run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
                .toString()));
        cmd.addAll(List.of(args));
        Path log = dir.resolve("keytool-" + (++seq) + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("keytool " + args[0] + " failed: " + Files.readString(log));
        }
    }
}
