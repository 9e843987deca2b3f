package io.bastion.server;

import io.bastion.bindings.mqtt.MqttClientSettings;
import io.bastion.security.certificate.ServerCredentials;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;

/**
 * The MQTT door (TS-0010): the CSE as a client of the broker at {@code mqtt.url} ({@code tcp://host:port} or
 * {@code ssl://host:port}; unset, no door), as {@code mqtt.client-id} (default the CSE-ID's topic level, {@code id-in}
 * for {@code /id-in}: not TS-0010 6.3.3's {@code C::id-in}, so that the broker's ACL pattern {@code %c} matches the
 * level the CSE's topics carry, as it does for every AE; see examples/mqtt/mosquitto.acl), with
 * {@code mqtt.username} and the password in the environment variable named by
 * {@code mqtt.password-env} (never in the file), over TLS with the CAs of {@code mqtt.trust} (PEM; default the JDK's)
 * and, with {@code mqtt.client-certificate=https}, the HTTPS door's key as client certificate (TS-0010 7.3: mutual
 * authentication with the broker); requests larger than {@code mqtt.max-payload} bytes (default that of
 * {@code http.max-body}) are answered 4000 unread.
 *
 * @param url the broker, or null for no MQTT door
 * @param clientId the client identifier, or null for the default
 * @param username the user name, or null
 * @param passwordEnv the variable holding the password, or null
 * @param trust the CA file for the broker's certificate, or null
 * @param clientCertificate whether to present the HTTPS key to the broker
 * @param maxPayload the largest request message, or 0 for {@code http.max-body}
 */
public record MqttSettings(String url, String clientId, String username, String passwordEnv, String trust,
                           boolean clientCertificate, int maxPayload) {
    static final Set<String> KEYS = Set.of("mqtt.url", "mqtt.client-id", "mqtt.username", "mqtt.password-env",
            "mqtt.trust", "mqtt.client-certificate", "mqtt.max-payload");

    public static MqttSettings defaults() {
        return new MqttSettings(null, null, null, null, null, false, 0);
    }

    static MqttSettings load(Properties p) {
        String cert = p.getProperty("mqtt.client-certificate", "none").trim();
        if (!cert.equals("https") && !cert.equals("none")) {
            throw new IllegalArgumentException("mqtt.client-certificate must be 'https' (present the HTTPS key) or "
                    + "'none'");
        }
        long max = ServerConfig.number(p, "mqtt.max-payload", 0);
        if (max < 0 || max > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("mqtt.max-payload must be a number of bytes");
        }
        MqttSettings s = new MqttSettings(blank(p, "mqtt.url"), blank(p, "mqtt.client-id"), blank(p, "mqtt.username"),
                blank(p, "mqtt.password-env"), blank(p, "mqtt.trust"), cert.equals("https"), (int) max);
        if (s.url == null) {
            for (String k : KEYS) {
                if (p.containsKey(k)) {
                    throw new IllegalArgumentException(k + " is set without mqtt.url");
                }
            }
        }
        return s;
    }

    /** The broker at {@code url} ({@code --mqtt-url}), the other settings kept. */
    public MqttSettings withUrl(String u) {
        return new MqttSettings(u, clientId, username, passwordEnv, trust, clientCertificate, maxPayload);
    }

    /** With the CA file {@code mqtt.trust}. */
    public MqttSettings withTrust(String caFile) {
        return new MqttSettings(url, clientId, username, passwordEnv, caFile, clientCertificate, maxPayload);
    }

    public boolean enabled() {
        return url != null;
    }

    /**
     * The client's settings, or null when there is no door.
     *
     * @throws IllegalArgumentException naming the setting that does not fit
     */
    MqttClientSettings client(String cseId, int defaultMaxPayload, Function<String, String> environment,
                              ServerCredentials serverKey) {
        if (url == null) {
            return null;
        }
        String id = clientId != null ? clientId : io.bastion.bindings.mqtt.MqttTopics.level(cseId);
        MqttClientSettings c = MqttClientSettings.of(url, id)
                .withMaxPayload(maxPayload > 0 ? maxPayload : defaultMaxPayload);
        if (passwordEnv != null) {
            String pass = environment.apply(passwordEnv);
            if (pass == null) {
                throw new IllegalArgumentException("mqtt.password-env names " + passwordEnv + ", which is not set");
            }
            if (username == null) {
                throw new IllegalArgumentException("mqtt.password-env needs mqtt.username");
            }
            c = c.withCredentials(username, pass.getBytes(StandardCharsets.UTF_8));
        } else if (username != null) {
            c = c.withCredentials(username, null);
        }
        if (!c.tls() && (trust != null || clientCertificate)) {
            throw new IllegalArgumentException("mqtt.trust and mqtt.client-certificate need an ssl:// mqtt.url");
        }
        if (clientCertificate && serverKey == null) {
            throw new IllegalArgumentException("mqtt.client-certificate=https needs the HTTPS door's key: set "
                    + "https.keystore or https.pkcs11-config");
        }
        if (c.tls()) {
            c = c.withTls(trust == null ? null : ClientTls.trustFactory("mqtt", Path.of(trust)),
                    clientCertificate ? ClientTls.keyFactory(serverKey) : null);
        }
        return c;
    }

    private static String blank(Properties p, String key) {
        String v = p.getProperty(key);
        return v == null || v.isBlank() ? null : v.trim();
    }
}
