package io.bastion.server;

import io.bastion.bindings.http.ChannelRequestTransport;
import io.bastion.bindings.http.HttpRequestTransport;
import io.bastion.bindings.tls.PskClientSecurity;
import io.bastion.core.binding.RequestTransport;
import io.bastion.cse.config.MccConfig;
import io.bastion.security.certificate.ServerCredentials;
import io.bastion.security.credential.PskCredential;
import io.bastion.security.credential.PskStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * The client side of this CSE's Mcc association with its registrar ({@code registrar.*}), chosen by the settings and
 * always authenticated unless the operator says otherwise (TS-0003 6.1.2.2.1: an association between a field CSE and
 * the IN-CSE is mandatory):
 * <ul>
 *   <li>{@code registrar.psk-identity}: TLS-PSK to {@code registrar.url} ({@code https://host:<psk port>}) with the
 *       key of that identity from this CSE's PSK store ({@code psk.source}), which must be bound to the registrar's
 *       CSE-ID ({@code credentials psk add --identity … --key … --ae /id-in}): the binding says whom the key is shared
 *       with, and an identity bound to anything else would let its holder claim that elsewhere;</li>
 *   <li>{@code https://} otherwise: the JDK's TLS with {@code registrar.trust} (the CA file the registrar's certificate
 *       must chain to; its host name is checked) and, with {@code registrar.client-certificate=https}, this CSE's HTTPS
 *       key as client certificate, which proves this CSE's CSE-ID to the registrar;</li>
 *   <li>{@code http://} only when {@code mcc.plain.allow} names the registrar's CSE-ID, as the registrar's own setting
 *       must name this CSE's: then nothing is authenticated either way.</li>
 * </ul>
 * Requests to other CSEs (registrees, at the {@code poa} they registered) go through {@link #forOtherCses}: HTTPS with
 * {@code mcc.trust} and {@code mcc.client-certificate}, and {@code http://} only when {@code mcc.plain.allow} is not
 * empty, i.e. when the operator has let plain Mcc into this CSE at all. A registree may register an {@code http://}
 * poa over an authenticated association, but its association proves who it is to this CSE, not that the path back to
 * that address is private or leads to it: sending there in the clear would carry the requests of this CSE's AEs
 * (content, tokens) unprotected and let anyone on the path answer in the registree's name. TS-0003 6.1.2.2.1 asks
 * for a security association between CSEs; plain http is the operator's explicit exception for development.
 */
final class MccTransports {
    /** How long connecting to the registrar may take; each request is bounded by its own timeout as well. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Requests to the registrar in flight at once over TLS-PSK; one more fails at once instead of queueing. */
    static final int MAX_IN_FLIGHT = 64;

    private MccTransports() {
    }

    /**
     * The transport to this CSE's registrar, or null when it has none (an IN-CSE).
     *
     * @param psks this CSE's PSK store, or null when none is open (then TLS-PSK cannot be configured)
     * @param serverKey the HTTPS door's key, or null when none is configured
     * @throws IllegalArgumentException naming the setting when the settings do not fit together
     */
    static RequestTransport forRegistrar(ServerConfig config, PskStore psks, ServerCredentials serverKey) {
        return forRegistrar(config, psks, serverKey, null);
    }

    /**
     * As {@link #forRegistrar(ServerConfig, PskStore, ServerCredentials)}, with the MQTT door's transport (null when
     * there is no door) for a registrar at {@code mqtt://} or {@code mqtts://} on the CSE's broker (TS-0010). Over
     * MQTT neither CSE authenticates the other (the broker does, by its ACL; TS-0010 7.1), so such a registrar is
     * taken, like plain http, only when {@code mcc.plain.allow} names it.
     */
    static RequestTransport forRegistrar(ServerConfig config, PskStore psks, ServerCredentials serverKey,
                                         RequestTransport mqtt) {
        MccConfig.Registrar r = config.mcc().registrar();
        if (r == null) {
            return null;
        }
        if (mqttRegistrar(config) != null) {
            if (mqtt == null || !mqtt.supports(r.url())) {
                throw new IllegalArgumentException("registrar.url " + r.url() + " is MQTT: it must name the broker "
                        + "of mqtt.url, which this CSE is a client of");
            }
            if (r.pskIdentity() != null || r.trust() != null || r.clientCertificate()) {
                throw new IllegalArgumentException("registrar.psk-identity, registrar.trust and "
                        + "registrar.client-certificate are for https://; over MQTT the broker is trusted by "
                        + "mqtt.trust");
            }
            if (config.mcc().plainAllowing(r.cseId()) == null) {
                throw new IllegalArgumentException("registrar.url " + r.url() + " is MQTT: the registrar would not "
                        + "be authenticated by this CSE, nor this CSE by it, only both by the broker's ACL. Name "
                        + r.cseId() + " in mcc.plain.allow to accept that, or use https://");
            }
            return mqtt;
        }
        boolean https = r.url().regionMatches(true, 0, "https://", 0, 8);
        if (r.pskIdentity() != null) {
            if (!https) {
                throw new IllegalArgumentException("registrar.psk-identity needs registrar.url=https://host:<the "
                        + "registrar's TLS-PSK port>, not " + r.url());
            }
            if (r.trust() != null || r.clientCertificate()) {
                throw new IllegalArgumentException("registrar.psk-identity selects TLS-PSK: registrar.trust and "
                        + "registrar.client-certificate are for certificates; set one or the other");
            }
            checkPsk(r, psks);
            return new ChannelRequestTransport(r.url(), new PskClientSecurity(psks, r.pskIdentity(),
                    URI.create(r.url()).getHost()), MAX_IN_FLIGHT);
        }
        if (https) {
            SSLContext ssl = ClientTls.context("registrar", r.trust() == null ? null : Path.of(r.trust()),
                    r.clientCertificate(), serverKey);
            return new HttpRequestTransport(ssl, CONNECT_TIMEOUT);
        }
        if (r.trust() != null || r.clientCertificate()) {
            throw new IllegalArgumentException("registrar.trust and registrar.client-certificate need an https:// "
                    + "registrar.url, not " + r.url());
        }
        if (config.mcc().plainAllowing(r.cseId()) == null) {
            throw new IllegalArgumentException("registrar.url " + r.url() + " is plain http: the registrar would not "
                    + "be authenticated, nor this CSE to it. Use https:// (registrar.trust, registrar.client-certificate"
                    + ", or registrar.psk-identity), or, for development, name " + r.cseId() + " in mcc.plain.allow");
        }
        return new HttpRequestTransport(null, CONNECT_TIMEOUT);
    }

    /**
     * The transport to other CSEs: the registrar's origin through {@code registrar} (its PSK or certificate binding),
     * every other point of access through HTTPS with {@code mcc.trust} and {@code mcc.client-certificate}; plain
     * {@code http://} only when {@code mcc.plain.allow} is not empty (see the class comment).
     *
     * @param registrar the transport made by {@link #forRegistrar}, or null when this CSE has no registrar
     * @param serverKey the HTTPS door's key, or null when none is configured
     * @throws IllegalArgumentException naming the setting when the settings do not fit together
     */
    static ByOriginTransport forOtherCses(ServerConfig config, RequestTransport registrar,
                                          ServerCredentials serverKey) {
        return forOtherCses(config, registrar, serverKey, null);
    }

    /** The registrar's CSE-ID when it is reached over MQTT ({@code registrar.url} {@code mqtt://}…), else null. */
    static String mqttRegistrar(ServerConfig config) {
        MccConfig.Registrar r = config.mcc().registrar();
        return r != null && r.url().regionMatches(true, 0, "mqtt", 0, 4) ? r.cseId() : null;
    }

    /**
     * As {@link #forOtherCses(ServerConfig, RequestTransport, ServerCredentials)}, with the MQTT door's transport for
     * points of access on the CSE's broker (only when {@code mcc.plain.allow} is not empty: over MQTT no CSE
     * authenticates another), or null.
     */
    static ByOriginTransport forOtherCses(ServerConfig config, RequestTransport registrar,
                                          ServerCredentials serverKey, RequestTransport mqtt) {
        MccConfig.PeerTls tls = config.mcc().peerTls();
        SSLContext ssl = ClientTls.context("mcc", tls.trust() == null ? null : Path.of(tls.trust()),
                tls.clientCertificate(), serverKey);
        MccConfig.Registrar r = config.mcc().registrar();
        return new ByOriginTransport(r == null ? null : r.url(), registrar,
                new HttpRequestTransport(ssl, CONNECT_TIMEOUT), !config.mcc().plainAllow().isEmpty(),
                config.mcc().plainAllow().isEmpty() ? null : mqtt);
    }

    /** How other CSEs than the registrar are reached, for the start-up log. */
    static String describePeers(MccConfig mcc) {
        MccConfig.PeerTls tls = mcc.peerTls();
        return "HTTPS, their certificates checked against " + (tls.trust() == null ? "the JDK's CAs" : tls.trust())
                + (tls.clientCertificate() ? ", this CSE's HTTPS key as client certificate"
                : ", NO client certificate (mcc.client-certificate: they cannot authenticate this CSE)")
                + (mcc.plainAllow().isEmpty() ? "; http:// points of access refused"
                : "; http:// points of access too, NOTHING authenticated there (mcc.plain.allow)");
    }

    /** How the registrar is reached and who proves what, for the start-up log (never a secret). */
    static String describe(MccConfig.Registrar r) {
        if (r.pskIdentity() != null) {
            return "TLS-PSK with identity " + r.pskIdentity() + " (the key proves both sides)";
        }
        if (r.url().regionMatches(true, 0, "https://", 0, 8)) {
            return "HTTPS, the registrar's certificate checked against " + (r.trust() == null ? "the JDK's CAs"
                    : r.trust()) + (r.clientCertificate() ? ", this CSE's HTTPS key as client certificate"
                    : ", NO client certificate (the registrar cannot authenticate this CSE)");
        }
        return "plain HTTP, NOTHING authenticated (mcc.plain.allow)";
    }

    /** The identity is provisioned here and bound to the registrar's CSE-ID; never reads out its key. */
    private static void checkPsk(MccConfig.Registrar r, PskStore psks) {
        Optional<PskCredential> c = psks == null ? Optional.empty() : psks.lookup(r.pskIdentity());
        if (c.isEmpty()) {
            throw new IllegalArgumentException("registrar.psk-identity " + r.pskIdentity() + " is not in this CSE's "
                    + "PSK store: provision it with ./bastion credentials psk add --identity " + r.pskIdentity()
                    + " --key <hex> --ae " + r.cseId());
        }
        if (!c.get().allowedIds().contains(r.cseId())) {
            throw new IllegalArgumentException("registrar.psk-identity " + r.pskIdentity() + " is bound to "
                    + String.join(", ", c.get().allowedIds()) + ", not to the registrar " + r.cseId()
                    + ": bind the key shared with the registrar to the registrar's CSE-ID");
        }
    }
}
