package io.bastion.security.environment;

import io.bastion.security.credential.PreSharedKey;
import io.bastion.security.credential.PrivateFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.UnrecoverableKeyException;
import java.util.Arrays;
import java.util.function.Function;
import javax.crypto.spec.SecretKeySpec;
import javax.security.auth.DestroyFailedException;

/**
 * A secure environment in a PKCS#12 file: keys protected by a password, in software (protection level 1, low). The
 * password is read from an environment variable only, never from the configuration file or the command line; the
 * file's entries use the same password. PSKs are secret-key entries under {@link SecureEnvironment#pskAlias}
 * (algorithm {@code HmacSHA256}, the JDK's PKCS#12 has no name for a generic secret; any length is kept as given).
 *
 * <p>Storing or deleting a PSK re-reads the file under its lock, changes it and replaces it atomically with a file of
 * mode 600 ({@link PrivateFile}), so that several processes may provision keys. {@link #refresh()} re-reads the file
 * when its stamp changed; a file that can no longer be read (damaged, password changed) then holds nothing.
 */
public final class Pkcs12Environment extends KeyStoreEnvironment {
    /** The algorithm name under which PSKs are stored (PKCS#12 needs an algorithm OID for a secret key). */
    static final String PSK_ALGORITHM = "HmacSHA256";

    private final PrivateFile file;
    /** The stamp of the file version in use. */
    private volatile PrivateFile.Stamp stamp;

    private Pkcs12Environment(PrivateFile file, PrivateFile.Stamp stamp, KeyStore store, char[] password) {
        super(store, null, new SecureRandom(), ProtectionLevel.LOW, password);
        this.file = file;
        this.stamp = stamp;
    }

    /**
     * Opens {@code file} with the password in the environment variable {@code passwordVariable}.
     *
     * @param environment looks environment variables up ({@code System::getenv})
     * @throws IllegalArgumentException when the variable is unset, or the file cannot be read or opened
     */
    public static Pkcs12Environment open(Path file, String passwordVariable, Function<String, String> environment) {
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("cannot open keystore " + file + ": no such file");
        }
        return openOrCreate(file, passwordVariable, environment);
    }

    /**
     * Opens {@code file} like {@link #open}, or starts an empty keystore when the file does not exist yet: the first
     * {@link #storePresharedKey} writes it (and its folder, mode 700).
     *
     * @throws IllegalArgumentException when the variable is unset, or an existing file cannot be read or opened
     */
    public static Pkcs12Environment openOrCreate(Path file, String passwordVariable,
                                                 Function<String, String> environment) {
        if (passwordVariable == null || passwordVariable.isBlank()) {
            throw new IllegalArgumentException("name the environment variable holding the password of " + file);
        }
        String pw = environment.apply(passwordVariable);
        if (pw == null) {
            throw new IllegalArgumentException("the password of " + file + " is read from the environment variable "
                    + passwordVariable + ", which is not set");
        }
        char[] password = pw.toCharArray();
        PrivateFile f = new PrivateFile(file);
        try {
            PrivateFile.Stamp s = f.stamp();
            return new Pkcs12Environment(f, s, read(f, password), password);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot open keystore " + file + ": " + why(e), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot open keystore " + file + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** The keystore in {@code f}, or an empty one when there is no file. */
    private static KeyStore read(PrivateFile f, char[] password) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        byte[] raw = f.readOrNull();
        if (raw == null) {
            ks.load(null, null);
        } else {
            ks.load(new ByteArrayInputStream(raw), password);
        }
        return ks;
    }

    private static String why(IOException e) {
        return e.getCause() instanceof UnrecoverableKeyException ? "wrong password" : e.getMessage();
    }

    /** The keystore file. */
    public Path file() {
        return file.path();
    }

    @Override
    public String describe() {
        return "PKCS#12 keystore " + file.path() + " (protection level " + protectionLevel() + ")";
    }

    @Override
    public boolean refresh() {
        checkOpen();
        PrivateFile.Stamp now = file.stamp();
        if (now.equals(stamp)) {
            return false;
        }
        synchronized (this) {
            if (now.equals(stamp)) {
                return false;
            }
            try {
                replaceStore(read(file, keyPassword()));
                stamp = now;
                return true;
            } catch (IOException | GeneralSecurityException e) {
                // fail closed: an unreadable file holds nothing (never the keys of the version before)
                replaceStore(empty());
                stamp = now;
                throw new IllegalStateException("cannot read keystore " + file.path() + ": "
                        + (e instanceof IOException io ? why(io) : e.getMessage()), e);
            }
        }
    }

    @Override
    public void storePresharedKey(String identity, PreSharedKey key) {
        byte[] raw = key.bytes();
        SecretKeySpec spec = new SecretKeySpec(raw, PSK_ALGORITHM);
        Arrays.fill(raw, (byte) 0);
        try {
            change("store the key of " + identity, ks -> {
                ks.setEntry(SecureEnvironment.pskAlias(identity), new KeyStore.SecretKeyEntry(spec),
                        new KeyStore.PasswordProtection(keyPassword()));
                return true;
            });
        } finally {
            try {
                spec.destroy();
            } catch (DestroyFailedException e) {
                // best effort: the array is unreachable once this returns
            }
        }
    }

    @Override
    public boolean deletePresharedKey(String identity) {
        return change("delete the key of " + identity, ks -> {
            String alias = SecureEnvironment.pskAlias(identity);
            if (!ks.containsAlias(alias)) {
                return false;
            }
            ks.deleteEntry(alias);
            return true;
        });
    }

    private interface Change {
        boolean apply(KeyStore ks) throws GeneralSecurityException;
    }

    /** Applies {@code change} to the file's current content under its lock, writing the file when it changed. */
    private synchronized boolean change(String what, Change change) {
        checkOpen();
        try {
            return file.locked(() -> {
                PrivateFile.Stamp before = file.stamp();
                try {
                    KeyStore ks = read(file, keyPassword());
                    boolean changed = change.apply(ks);
                    if (changed) {
                        ByteArrayOutputStream out = new ByteArrayOutputStream();
                        ks.store(out, keyPassword());
                        file.replace(out.toByteArray());
                        before = file.stamp();
                    }
                    replaceStore(ks);
                    stamp = before;
                    return changed;
                } catch (GeneralSecurityException e) {
                    throw new IOException(e.getMessage(), e);
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException("cannot " + what + " in keystore " + file.path() + ": " + why(e), e);
        }
    }

    private static KeyStore empty() {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no PKCS#12 key store", e);
        }
    }
}
