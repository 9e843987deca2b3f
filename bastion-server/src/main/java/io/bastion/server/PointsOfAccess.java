package io.bastion.server;

import java.util.ArrayList;
import java.util.List;

/**
 * The points of access this CSE announces to its registrar ({@code poa} of its {@code <remoteCSE>} there, TS-0001
 * 9.6.4): {@code cse.poa} when set; otherwise its own doors as they listen, the HTTPS door first (certificates), then
 * plain HTTP, on {@code http.bind}, and the MQTT broker when the MQTT door is on. The TLS-PSK door is not announced
 * (its {@code https://} address would not say that a pre-shared key is needed), nor are the CoAP doors (the
 * registrar's transport speaks HTTP or MQTT). A wildcard bind address names no host another CSE could reach, so there
 * {@code cse.poa} must be set.
 */
final class PointsOfAccess {
    private PointsOfAccess() {
    }

    /**
     * The list, empty for a CSE without a registrar.
     *
     * @param httpsPort the HTTPS door's port, or -1 when it is off
     * @throws IllegalArgumentException when they cannot be derived and {@code cse.poa} is not set
     */
    static List<String> of(ServerConfig config, int httpPort, int httpsPort) {
        return of(config, httpPort, httpsPort, null);
    }

    /**
     * As {@link #of(ServerConfig, int, int)}, with the MQTT broker the CSE listens on ({@code mqtt://host:port},
     * TS-0010 6.6), or null: announced first when the registrar is reached over MQTT too, last otherwise.
     */
    static List<String> of(ServerConfig config, int httpPort, int httpsPort, String mqttPoa) {
        if (config.mcc().registrar() == null) {
            return List.of();
        }
        if (!config.registree().poa().isEmpty()) {
            return config.registree().poa();
        }
        String bind = config.bind();
        if (bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]") || bind.isEmpty()) {
            throw new IllegalArgumentException("http.bind " + bind + " names no address the registrar could reach "
                    + "this CSE at: set cse.poa (e.g. https://gateway.example:8443)");
        }
        String host = bind.indexOf(':') >= 0 && !bind.startsWith("[") ? "[" + bind + "]" : bind;
        List<String> poa = new ArrayList<>();
        if (httpsPort >= 0) {
            poa.add("https://" + host + ":" + httpsPort);
        }
        poa.add("http://" + host + ":" + httpPort);
        if (mqttPoa != null) {
            boolean registrarOverMqtt = config.mcc().registrar().url().regionMatches(true, 0, "mqtt", 0, 4);
            poa.add(registrarOverMqtt ? 0 : poa.size(), mqttPoa);
        }
        return poa;
    }
}
