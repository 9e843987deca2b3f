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
        MccConfig.Registrar r = config.mcc().registrar();
        if (r == null) {
            return null;
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
