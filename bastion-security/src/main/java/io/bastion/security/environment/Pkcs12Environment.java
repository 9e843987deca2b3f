package io.bastion.security.environment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.UnrecoverableKeyException;
import java.util.Arrays;
import java.util.function.Function;

/**
 * A secure environment in a PKCS#12 file: keys protected by a password, in software (protection level 1, low). The
 * password is read from an environment variable only, never from the configuration file or the command line; the
 * file's entries use the same password. PSKs are secret-key entries under {@link SecureEnvironment#pskAlias}.
 */
public final class Pkcs12Environment extends KeyStoreEnvironment {
    private final Path file;

    private Pkcs12Environment(Path file, KeyStore store, char[] password) {
        super(store, null, new SecureRandom(), ProtectionLevel.LOW, password);
        this.file = file;
    }

    /**
     * Opens {@code file} with the password in the environment variable {@code passwordVariable}.
     *
     * @param environment looks environment variables up ({@code System::getenv})
     * @throws IllegalArgumentException when the variable is unset, or the file cannot be read or opened
     */
    public static Pkcs12Environment open(Path file, String passwordVariable, Function<String, String> environment) {
        if (passwordVariable == null || passwordVariable.isBlank()) {
            throw new IllegalArgumentException("name the environment variable holding the password of " + file);
        }
        String pw = environment.apply(passwordVariable);
        if (pw == null) {
            throw new IllegalArgumentException("the password of " + file + " is read from the environment variable "
                    + passwordVariable + ", which is not set");
        }
        char[] password = pw.toCharArray();
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            return new Pkcs12Environment(file, ks, password);
        } catch (IOException e) {
            String why = e.getCause() instanceof UnrecoverableKeyException ? "wrong password" : e.getMessage();
            throw new IllegalArgumentException("cannot open keystore " + file + ": " + why, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot open keystore " + file + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    @Override
    public String describe() {
        return "PKCS#12 keystore " + file + " (protection level " + protectionLevel() + ")";
    }
}
