package io.bastion.bindings.mqtt;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * How the CSE connects to its broker (TS-0010 6.3): {@code tcp://host:port} or {@code ssl://host:port} (the spec's
 * {@code mqtt://} and {@code mqtts://} are taken as well), the client identifier, optional user name and password,
 * and for TLS the CAs the broker's certificate must chain to and optionally the CSE's key as client certificate.
 *
 * @param host the broker's host
 * @param port its port (1883 plain, 8883 TLS by default, TS-0010 6.6)
 * @param tls whether to speak TLS to it
 * @param clientId the MQTT client identifier ({@code C::} and the CSE-ID by default, TS-0010 6.3.3)
 * @param username the user name, or null
 * @param password the password, or null; never printed
 * @param trust the trust for the broker's certificate, or null for the JDK's CAs
 * @param key the client certificate's key, or null for none
 * @param maxPayload the largest message taken as a request (larger ones are answered 4000 unread)
 * @param keepAlive the MQTT keep-alive
 * @param reconnectInitial the first delay before reconnecting to a lost broker, doubled up to {@code reconnectMax}
 * @param reconnectMax the longest delay between attempts
 */
public record MqttClientSettings(String host, int port, boolean tls, String clientId, String username,
                                 byte[] password, TrustManagerFactory trust, KeyManagerFactory key, int maxPayload,
                                 Duration keepAlive, Duration reconnectInitial, Duration reconnectMax) {

    public MqttClientSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(clientId, "clientId");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("mqtt.url: port " + port + " is not a port number");
        }
        if (clientId.isEmpty() || clientId.length() > 65535) {
            throw new IllegalArgumentException("mqtt.client-id must not be empty");
        }
        if (maxPayload < 1) {
            throw new IllegalArgumentException("mqtt.max-payload must be at least 1 byte");
        }
    }

    /**
     * The broker's address from {@code mqtt.url}: scheme {@code tcp}/{@code mqtt} (plain) or {@code ssl}/{@code mqtts}
     * (TLS), a host, an optional port; nothing else.
     *
     * @throws IllegalArgumentException naming the setting
     */
    public static MqttClientSettings of(String url, String clientId) {
        URI u;
        try {
            u = new URI(url.trim());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("mqtt.url " + url + " is not a URL: " + e.getReason());
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        boolean tls = switch (scheme) {
            case "tcp", "mqtt" -> false;
            case "ssl", "mqtts" -> true;
            default -> throw new IllegalArgumentException("mqtt.url must be tcp://host:port or ssl://host:port, not "
                    + url);
        };
        if (u.getHost() == null || u.getRawUserInfo() != null || u.getRawQuery() != null
                || u.getRawPath() != null && !u.getRawPath().isEmpty() && !u.getRawPath().equals("/")) {
            throw new IllegalArgumentException("mqtt.url must be tcp://host:port or ssl://host:port (no user, path or "
                    + "query; the user name is mqtt.username), not " + url);
        }
        int port = u.getPort() > 0 ? u.getPort() : tls ? 8883 : 1883;
        String host = u.getHost().startsWith("[") ? u.getHost().substring(1, u.getHost().length() - 1) : u.getHost();
        return new MqttClientSettings(host, port, tls, clientId, null, null, null, null, 1024 * 1024,
                Duration.ofSeconds(60), Duration.ofMillis(500), Duration.ofSeconds(30));
    }

    public MqttClientSettings withCredentials(String user, byte[] pass) {
        return new MqttClientSettings(host, port, tls, clientId, user, pass, trust, key, maxPayload, keepAlive,
                reconnectInitial, reconnectMax);
    }

    public MqttClientSettings withTls(TrustManagerFactory t, KeyManagerFactory k) {
        return new MqttClientSettings(host, port, tls, clientId, username, password, t, k, maxPayload, keepAlive,
                reconnectInitial, reconnectMax);
    }

    public MqttClientSettings withMaxPayload(int n) {
        return new MqttClientSettings(host, port, tls, clientId, username, password, trust, key, n, keepAlive,
                reconnectInitial, reconnectMax);
    }

    public MqttClientSettings withReconnect(Duration initial, Duration max) {
        return new MqttClientSettings(host, port, tls, clientId, username, password, trust, key, maxPayload,
                keepAlive, initial, max);
    }

    /** The broker as a point of access ({@code mqtt://host:port} or {@code mqtts://…}, TS-0010 6.6). */
    public String pointOfAccess() {
        return (tls ? "mqtts://" : "mqtt://") + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** Never the password. */
    @Override
    public String toString() {
        return "MqttClientSettings[" + pointOfAccess() + ", clientId=" + clientId + ", username=" + username
                + ", password=" + (password == null ? "none" : "set") + ", trust=" + (trust == null ? "JDK" : "given")
                + ", clientCertificate=" + (key != null) + "]";
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
