package io.bastion.security.certificate;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collections;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509KeyManager;

/**
 * Server credentials from a PKCS#12 file holding one private key entry and its certificate chain. The password is
 * used while loading and then wiped from the caller's array.
 */
public final class Pkcs12ServerCredentials implements ServerCredentials {
    private final Path file;
    private final X509KeyManager keyManager;
    private final String subject;

    private Pkcs12ServerCredentials(Path file, X509KeyManager keyManager, String subject) {
        this.file = file;
        this.keyManager = keyManager;
        this.subject = subject;
    }

    /**
     * Loads {@code file}; {@code password} is zeroed before this returns.
     *
     * @throws IllegalArgumentException when the file cannot be read or opened, or holds no private key
     */
    public static Pkcs12ServerCredentials load(Path file, char[] password) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            String alias = null;
            for (String a : Collections.list(ks.aliases())) {
                if (ks.isKeyEntry(a)) {
                    if (alias != null) {
                        throw new IllegalArgumentException("keystore " + file + " holds more than one private key ('"
                                + alias + "', '" + a + "'): keep the server's only");
                    }
                    alias = a;
                }
            }
            if (alias == null) {
                throw new IllegalArgumentException("keystore " + file + " holds no private key entry");
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            X509KeyManager km = null;
            for (KeyManager m : kmf.getKeyManagers()) {
                if (m instanceof X509KeyManager x) {
                    km = x;
                }
            }
            if (km == null) {
                throw new IllegalArgumentException("no X.509 key manager for " + file);
            }
            X509Certificate cert = (X509Certificate) ks.getCertificate(alias);
            return new Pkcs12ServerCredentials(file, km, cert == null ? "(no certificate)"
                    : cert.getSubjectX500Principal().getName() + " sha256=" + Certificates.fingerprint(cert));
        } catch (IOException e) {
            Throwable c = e.getCause();
            String why = c instanceof java.security.UnrecoverableKeyException ? "wrong password" : e.getMessage();
            throw new IllegalArgumentException("cannot open keystore " + file + ": " + why, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot open keystore " + file + ": " + e.getMessage(), e);
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    @Override
    public X509KeyManager keyManager() {
        return keyManager;
    }

    @Override
    public String describe() {
        return "PKCS#12 " + file + ": " + subject;
    }
}
