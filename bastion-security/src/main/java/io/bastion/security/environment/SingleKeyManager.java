package io.bastion.security.environment;

import java.net.Socket;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Locale;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.KeyManagerFactorySpi;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A key manager offering one private key and its chain under one alias, for servers and clients alike. The private
 * key may be a handle into a PKCS#11 token; JSSE then finds the token's provider to sign with it.
 */
public final class SingleKeyManager extends X509ExtendedKeyManager {
    private final String alias;
    private final PrivateKey key;
    private final X509Certificate[] chain;

    SingleKeyManager(String alias, PrivateKey key, X509Certificate[] chain) {
        this.alias = alias;
        this.key = key;
        this.chain = chain.clone();
    }

    /** Whether JSSE's {@code keyType} ("EC", "RSA", "RSASSA-PSS", or TLS 1.2's "EC_EC", "EC_RSA") fits the key. */
    private boolean fits(String keyType) {
        if (keyType == null) {
            return false;
        }
        String alg = key.getAlgorithm().toUpperCase(Locale.ROOT);
        String k = keyType.toUpperCase(Locale.ROOT);
        int u = k.indexOf('_');
        if (u > 0) {
            // TLS 1.2 "EC_EC"/"EC_RSA": key algorithm, then the algorithm of the issuer's signature
            k = k.substring(0, u);
        }
        if (k.equals("RSASSA-PSS")) {
            return alg.equals("RSA") || alg.equals("RSASSA-PSS");
        }
        return k.equals(alg) || (k.equals("EC") && alg.equals("ECDSA"));
    }

    private String choose(String[] keyTypes) {
        if (keyTypes != null) {
            for (String t : keyTypes) {
                if (fits(t)) {
                    return alias;
                }
            }
        }
        return null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return fits(keyType) ? new String[] {alias} : null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return choose(keyType);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return choose(keyType);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return fits(keyType) ? new String[] {alias} : null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return fits(keyType) ? alias : null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return fits(keyType) ? alias : null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String a) {
        return alias.equals(a) ? chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String a) {
        return alias.equals(a) ? key : null;
    }

    /** A factory whose only key manager is {@code km} (for clients that take a factory, not a manager). */
    public static KeyManagerFactory factory(KeyManager km) {
        KeyManagerFactorySpi spi = new KeyManagerFactorySpi() {
            @Override
            protected void engineInit(KeyStore ks, char[] password) {
            }

            @Override
            protected void engineInit(ManagerFactoryParameters spec) {
            }

            @Override
            protected KeyManager[] engineGetKeyManagers() {
                return new KeyManager[] {km};
            }
        };
        return new KeyManagerFactory(spi, null, "BastionSecureEnvironment") {
        };
    }
}
