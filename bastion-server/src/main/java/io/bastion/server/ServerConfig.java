package io.bastion.server;

import io.bastion.cse.config.CseConfig;
import io.bastion.cse.config.DistributedAuthorizationConfig;
import io.bastion.cse.config.DoorPolicy;
import io.bastion.cse.config.ResultLimits;
import io.bastion.cse.audit.AuditConfig;
import io.bastion.cse.config.LocationConfig;
import io.bastion.cse.config.MccConfig;
import io.bastion.cse.config.NonBlockingConfig;
import io.bastion.cse.config.OperationTimeConfig;
import io.bastion.cse.config.PollingConfig;
import io.bastion.cse.config.RegistreeConfig;
import io.bastion.cse.config.RetargetingConfig;
import io.bastion.cse.config.EsCertKeConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * The server's configuration: a properties file (every key optional, documented in README) with command-line
 * overrides. Unknown keys are refused so that a typo never silently falls back to a default.
 *
 * @param cse the CSE's identity and policies, with dynamic authorization from the {@code das.*} keys
 *        ({@link DynamicSettings})
 * @param dataDir where the store and the audit log live
 * @param bind the address the bindings listen on
 * @param httpPort the HTTP port (0 picks a free one)
 * @param maxBodyBytes the largest request body accepted
 * @param syncFull whether every commit is flushed to the disk (survives power loss), not only to the OS
 * @param workerThreads threads that process requests
 * @param logLevel slf4j-simple level: error, warn, info, debug, trace
 * @param adminBind the address the admin endpoint listens on (loopback unless configured otherwise; it answers
 *        loopback peers only wherever it listens)
 * @param adminPort the admin endpoint's port (0 picks a free one, -1 disables it)
 * @param audit the audit log's behaviour (file {@code audit.log} in the data folder)
 * @param pskPort the TLS-PSK port on {@code bind} (0 picks a free one, -1 disables the door)
 * @param https the HTTPS door with certificates ({@code https.*})
 * @param coap the CoAP doors, plain and DTLS ({@code coap.port}, {@code coaps.port})
 * @param psk where the TLS-PSK and DTLS-PSK doors take their keys from ({@code psk.source}: {@code file}, the default,
 *        keeps them in {@code <data>/credentials/psk.json}; {@code keystore} in a PKCS#12 file ({@code psk.keystore},
 *        default {@code <data>/credentials/psk.p12}, password in the variable {@code psk.keystore-password-env},
 *        default that of {@code https.keystore-password-env}); {@code pkcs11} on a token ({@code psk.pkcs11-config},
 *        a SunPKCS11 configuration of its own, PIN in {@code psk.pkcs11-pin-env}, default that of
 *        {@code https.pkcs11-pin-env}), as extractable generic secrets because TLS-PSK needs the key in the clear.
 *        The bindings stay in psk.json either way; see {@link PskSettings}
 * @param tokens the CSE's key for encrypted tokens (nested JWE): {@code tokens.decryption-key} names an EC P-256
 *        key in the PKCS#12 file {@code tokens.keystore} (default {@code https.keystore}, password variable
 *        {@code tokens.keystore-password-env}, default that of {@code https.keystore-password-env}); unset, encrypted
 *        tokens are refused. A key on a PKCS#11 token is refused at start, as the secure environment has no key
 *        agreement yet; see {@link TokenSettings}
 * @param limits the connection limits and request-head deadline of the HTTP, HTTPS and TLS-PSK doors
 *        ({@code http.max-connections}, {@code http.max-connections-per-address}, {@code http.head-timeout-s})
 * @param location how fresh an originator's position must be ({@code location.max-age}, seconds, default 60) and
 *        whether positions a device reports itself decide access ({@code location.device-reported}, default false:
 *        TS-0003 F.2.1 asks for a network-based location, which this CSE has no source of)
 * @param nonBlocking limits and timing of non-blocking requests ({@code nonblocking.*}, {@link NonBlockingSettings})
 * @param registree how the registration with {@code registrar.*} is kept: {@code cse.poa}, {@code registrar.retry-*},
 *        {@code registrar.timeout-ms} ({@link MccSettings})
 * @param mcc what kind of CSE this is and which CSEs may register with it ({@code cse.type}, default IN;
 *        {@code registration.allowed-cses}, default none; {@link MccSettings})
 * @param operationTime how long ({@code oet.max-wait-s}, default 60) and how many at once ({@code oet.max-waiting},
 *        default 4) blocking requests are held until their Operation Execution Time
 * @param upperTester the TS-0019 Upper Tester endpoint ({@code upper-tester.enabled}, default false;
 *        {@code upper-tester.allow-non-loopback}, default false), see {@link UpperTesterSettings}
 * @param polling the bounds and timing of polling channels ({@code polling.max-queued}, default 100;
 *        {@code polling.max-queued-bytes}, default 262144; {@code polling.timeout-s}, default 30;
 *        {@code polling.expiry-s}, default 300)
 * @param retargeting limits of forwarding requests to other CSEs ({@code mcc.forward.*}, {@link RetargetSettings})
 * @param mqtt the MQTT door: the broker the CSE is a client of ({@code mqtt.*}, {@link MqttSettings})
 * @param pdp how this CSE asks the PDPs of {@code adri} and its PDPs their PRPs and PIPs ({@code pdp.*},
 *        {@link PdpSettings})
 * @param ws the WebSocket binding on the HTTP-family doors ({@code ws.*}, {@link WebSocketSettings})
 * @param escertke this CSE as an ESCertKE end-point: how long and how many established keys it keeps
 *        ({@code e2e.escertke.*}, {@link EsCertKeSettings})
 * @param mef the MEF this CSE resolves MEF-based SAEF identities with ({@code mef.*}, {@link MefClientSettings})
 */
public record ServerConfig(CseConfig cse, Path dataDir, String bind, int httpPort, int maxBodyBytes,
                           boolean syncFull, int workerThreads, String logLevel, String adminBind, int adminPort,
                           AuditConfig audit, int pskPort, HttpsSettings https,
                           CoapSettings coap, PskSettings psk, TokenSettings tokens, DoorLimits limits,
                           LocationConfig location, NonBlockingConfig nonBlocking, MccConfig mcc,
                           OperationTimeConfig operationTime, UpperTesterSettings upperTester,
                           PollingConfig polling, RegistreeConfig registree, RetargetingConfig retargeting,
                           MafClientSettings maf,
                           MqttSettings mqtt,
                           DistributedAuthorizationConfig pdp,
                           WebSocketSettings ws,
                           EsCertKeConfig escertke,
                           MefClientSettings mef) {

    public static final int DEFAULT_ADMIN_PORT = 8079;

    static final Set<String> KEYS = Set.of("cse.id", "cse.name", "cse.spid", "admin.originator", "admin.remote",
            "registration.allowed", "data.dir", "store.sync", "http.bind", "http.port", "http.max-body",
            "workers", "log.level", "resource.default-expiry-days", "admin.bind", "admin.port", "audit.permits",
            "audit.max-bytes", "audit.keep", "psk.port", "plain.allow",
            "doors.require-association", "cse.acpi", "discovery.max-results", "retrieve.max-children",
            "location.max-age", "location.device-reported", "oet.max-wait-s", "oet.max-waiting",
            "upper-tester.enabled", "upper-tester.allow-non-loopback",
            "polling.max-queued", "polling.max-queued-bytes", "polling.timeout-s", "polling.expiry-s");

    public ServerConfig {
        if (adminPort < -1 || adminPort > 65535) {
            throw new IllegalArgumentException("admin.port must be -1 (disabled) or a port number 0..65535");
        }
        if (pskPort < -1 || pskPort > 65535) {
            throw new IllegalArgumentException("psk.port must be -1 (disabled) or a port number 0..65535");
        }
        if (tokens == null) {
            tokens = TokenSettings.defaults();
        }
        if (limits == null) {
            limits = DoorLimits.defaults();
        }
        if (location == null) {
            location = LocationConfig.defaults();
        }
        if (nonBlocking == null) {
            nonBlocking = NonBlockingConfig.defaults();
        }
        if (mcc == null) {
            mcc = MccConfig.defaults();
        }
        if (operationTime == null) {
            operationTime = OperationTimeConfig.defaults();
        }
        if (upperTester == null) {
            upperTester = UpperTesterSettings.defaults();
        }
        if (polling == null) {
            polling = PollingConfig.defaults();
        }
        if (registree == null) {
            registree = RegistreeConfig.defaults();
        }
        if (retargeting == null) {
            retargeting = RetargetingConfig.defaults();
        }
        if (maf == null) {
            maf = MafClientSettings.none();
        }
        if (mqtt == null) {
            mqtt = MqttSettings.defaults();
        }
        if (pdp == null) {
            pdp = DistributedAuthorizationConfig.defaults();
        }
        if (ws == null) {
            ws = WebSocketSettings.defaults();
        }
        if (escertke == null) {
            escertke = EsCertKeConfig.defaults();
        }
        if (mef == null) {
            mef = MefClientSettings.none();
        }
    }

    public static ServerConfig defaults() {
        return new ServerConfig(CseConfig.defaults(), Path.of("data"), "127.0.0.1", 8080, 1024 * 1024, false, 16,
                "info", "127.0.0.1", DEFAULT_ADMIN_PORT, AuditConfig.defaults(), -1, HttpsSettings.defaults(),
                CoapSettings.defaults(), PskSettings.defaults(), TokenSettings.defaults(), DoorLimits.defaults(),
                LocationConfig.defaults(), NonBlockingConfig.defaults(), MccConfig.defaults(),
                OperationTimeConfig.defaults(), UpperTesterSettings.defaults(), PollingConfig.defaults(),
                RegistreeConfig.defaults(), RetargetingConfig.defaults(), MafClientSettings.none(),
                MqttSettings.defaults(),
                DistributedAuthorizationConfig.defaults(),
                WebSocketSettings.defaults(),
                EsCertKeConfig.defaults(), MefClientSettings.none());
    }

    /** Reads a properties file on top of the defaults. */
    public static ServerConfig load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        for (String k : p.stringPropertyNames()) {
            if (!KEYS.contains(k) && !HttpsSettings.KEYS.contains(k) && !CoapSettings.KEYS.contains(k)
                    && !PskSettings.KEYS.contains(k) && !DynamicSettings.KEYS.contains(k)
                    && !TokenSettings.KEYS.contains(k) && !DoorLimits.KEYS.contains(k)
                    && !NonBlockingSettings.KEYS.contains(k) && !MccSettings.KEYS.contains(k)
                    && !RetargetSettings.KEYS.contains(k) && !MafClientSettings.KEYS.contains(k)
                    && !MefClientSettings.KEYS.contains(k)
                    && !MqttSettings.KEYS.contains(k)
                    && !PdpSettings.KEYS.contains(k)
                    && !WebSocketSettings.KEYS.contains(k)
                    && !EsCertKeSettings.KEYS.contains(k)) {
                throw new IllegalArgumentException("unknown configuration key '" + k + "' in " + file);
            }
        }
        ServerConfig d = defaults();
        CseConfig c = d.cse();
        List<String> allowed = p.containsKey("registration.allowed")
                ? new ArrayList<>(Arrays.stream(p.getProperty("registration.allowed").split(",", -1))
                .map(String::trim).toList())
                : c.registrationAllowed();
        Duration defaultExpiry = p.containsKey("resource.default-expiry-days")
                ? Duration.ofDays(Long.parseLong(p.getProperty("resource.default-expiry-days").trim()))
                : c.defaultExpiry();
        CseConfig cse = new CseConfig(p.getProperty("cse.id", c.cseId()).trim(),
                p.getProperty("cse.name", c.cseBaseName()).trim(), p.getProperty("cse.spid", c.spId()).trim(),
                p.getProperty("admin.originator", c.adminOriginator()).trim(),
                Boolean.parseBoolean(p.getProperty("admin.remote", "false").trim()), allowed,
                c.supportedReleases(), defaultExpiry, c.maxExpiry(), c.verificationTimeout(), c.maxGroupMembers(),
                DoorPolicy.parse(p.getProperty("plain.allow", DoorPolicy.DEFAULT_PLAIN_ALLOW),
                        p.getProperty("doors.require-association", "")), DynamicSettings.load(p))
                .withCseBaseAcpi(list(p, "cse.acpi"))
                .withLimits(new ResultLimits(
                        atLeastOne(p, "discovery.max-results", c.limits().discoveryMaxResults()),
                        atLeastOne(p, "retrieve.max-children", c.limits().retrieveMaxChildren())));
        String sync = p.getProperty("store.sync", "normal").trim();
        if (!sync.equals("normal") && !sync.equals("full")) {
            throw new IllegalArgumentException("store.sync must be 'normal' or 'full'");
        }
        AuditConfig audit = d.audit()
                .withPermits(bool(p, "audit.permits", d.audit().permits()))
                .withMaxBytes(number(p, "audit.max-bytes", d.audit().maxBytes()))
                .withKeep((int) number(p, "audit.keep", d.audit().keep()));
        HttpsSettings https = HttpsSettings.load(p);
        return new ServerConfig(cse, Path.of(p.getProperty("data.dir", d.dataDir().toString()).trim()),
                p.getProperty("http.bind", d.bind()).trim(),
                Integer.parseInt(p.getProperty("http.port", String.valueOf(d.httpPort())).trim()),
                Integer.parseInt(p.getProperty("http.max-body", String.valueOf(d.maxBodyBytes())).trim()),
                sync.equals("full"), Integer.parseInt(p.getProperty("workers", "16").trim()),
                p.getProperty("log.level", d.logLevel()).trim(),
                p.getProperty("admin.bind", d.adminBind()).trim(),
                (int) number(p, "admin.port", d.adminPort()), audit, (int) number(p, "psk.port", d.pskPort()),
                https, CoapSettings.load(p), PskSettings.load(p), TokenSettings.load(p),
                DoorLimits.load(p), new LocationConfig(
                        Duration.ofSeconds(atLeastOne(p, "location.max-age", (int) d.location().maxAge().toSeconds())),
                        bool(p, "location.device-reported", d.location().deviceReported())),
                NonBlockingSettings.load(p), MccSettings.load(p, https.hasServerKey()),
                new OperationTimeConfig(Duration.ofSeconds(atLeastZero(p, "oet.max-wait-s",
                        d.operationTime().maxWait().toSeconds())),
                        (int) atLeastZero(p, "oet.max-waiting", d.operationTime().maxWaiting())),
                new UpperTesterSettings(bool(p, "upper-tester.enabled", false),
                        bool(p, "upper-tester.allow-non-loopback", false)),
                new PollingConfig(atLeastOne(p, "polling.max-queued", d.polling().maxQueued()),
                        atLeastOne(p, "polling.max-queued-bytes", (int) d.polling().maxQueuedBytes()),
                        Duration.ofSeconds(atLeastOne(p, "polling.timeout-s",
                                (int) d.polling().pollTimeout().toSeconds())),
                        Duration.ofSeconds(atLeastOne(p, "polling.expiry-s", (int) d.polling().expiry().toSeconds()))),
                MccSettings.registree(p), RetargetSettings.load(p), MafClientSettings.load(p),
                MqttSettings.load(p),
                PdpSettings.load(p),
                WebSocketSettings.load(p),
                EsCertKeSettings.load(p), MefClientSettings.load(p));
    }

    /** A comma-separated list without empty entries; empty when the key is absent. */
    private static List<String> list(Properties p, String key) {
        return Arrays.stream(p.getProperty(key, "").split(",")).map(String::trim).filter(v -> !v.isEmpty())
                .toList();
    }

    private static int atLeastOne(Properties p, String key, int dflt) {
        long n = number(p, key, dflt);
        if (n < 1 || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(key + " must be a whole number from 1 to " + Integer.MAX_VALUE);
        }
        return (int) n;
    }

    private static long atLeastZero(Properties p, String key, long dflt) {
        long n = number(p, key, dflt);
        if (n < 0 || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(key + " must be a whole number from 0 to " + Integer.MAX_VALUE);
        }
        return n;
    }

    private static boolean bool(Properties p, String key, boolean dflt) {
        String v = p.getProperty(key);
        if (v == null) {
            return dflt;
        }
        return switch (v.trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + " must be 'true' or 'false'");
        };
    }

    static long number(Properties p, String key, long dflt) {
        String v = p.getProperty(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number");
        }
    }

    public ServerConfig withDataDir(Path dir) {
        return edit(b -> b.dataDir = dir);
    }

    public ServerConfig withBind(String addr) {
        return edit(b -> b.bind = addr);
    }

    public ServerConfig withHttpPort(int port) {
        return edit(b -> b.httpPort = port);
    }

    public ServerConfig withCse(CseConfig c) {
        return edit(b -> b.cse = c);
    }

    public ServerConfig withMaxBodyBytes(int n) {
        return edit(b -> b.maxBodyBytes = n);
    }

    /** The admin endpoint's port: 0 picks a free one, -1 disables the endpoint. */
    public ServerConfig withAdminPort(int port) {
        return edit(b -> b.adminPort = port);
    }

    public ServerConfig withAdminBind(String addr) {
        return edit(b -> b.adminBind = addr);
    }

    public ServerConfig withAudit(AuditConfig a) {
        return edit(b -> b.audit = a);
    }

    /** The MAF this CSE retrieves MAF-based SAEF keys from ({@code maf.*}). */
    public ServerConfig withMaf(MafClientSettings m) {
        return edit(b -> b.maf = m);
    }

    /** The MEF this CSE retrieves MEF-based SAEF keys from ({@code mef.*}). */
    public ServerConfig withMef(MefClientSettings m) {
        return edit(b -> b.mef = m);
    }

    /** The TLS-PSK port: 0 picks a free one, -1 disables the door. */
    public ServerConfig withPskPort(int port) {
        return edit(b -> b.pskPort = port);
    }

    public ServerConfig withHttps(HttpsSettings h) {
        return edit(b -> b.https = h);
    }

    /** The CoAP doors: plain and DTLS ports. */
    public ServerConfig withWs(WebSocketSettings w) {
        return edit(b -> b.ws = w);
    }

    public ServerConfig withCoap(CoapSettings c) {
        return edit(b -> b.coap = c);
    }

    /** Where the PSK doors take their keys from ({@code psk.source} and its keys). */
    public ServerConfig withPsk(PskSettings p) {
        return edit(b -> b.psk = p);
    }

    /** The CSE's key for encrypted tokens ({@code tokens.*}). */
    public ServerConfig withTokens(TokenSettings t) {
        return edit(b -> b.tokens = t);
    }

    /** The HTTP-family doors' connection limits and request-head deadline ({@code http.max-connections}…). */
    public ServerConfig withLimits(DoorLimits l) {
        return edit(b -> b.limits = l);
    }

    /** How fresh positions must be and whether device-reported ones decide ({@code location.*}). */
    public ServerConfig withLocation(LocationConfig l) {
        return edit(b -> b.location = l);
    }

    /** Limits and timing of non-blocking requests ({@code nonblocking.*}). */
    public ServerConfig withNonBlocking(NonBlockingConfig n) {
        return edit(b -> b.nonBlocking = n);
    }

    /** What kind of CSE this is and which CSEs may register with it ({@code cse.type}, {@code registration.allowed-cses}). */
    public ServerConfig withMcc(MccConfig m) {
        return edit(b -> b.mcc = m);
    }

    /** How long and how many blocking requests are held until their oet ({@code oet.*}). */
    public ServerConfig withOperationTime(OperationTimeConfig t) {
        return edit(b -> b.operationTime = t);
    }

    /** The Upper Tester endpoint ({@code upper-tester.*}). */
    public ServerConfig withUpperTester(UpperTesterSettings u) {
        return edit(b -> b.upperTester = u);
    }

    /** The bounds and timing of polling channels ({@code polling.*}). */
    public ServerConfig withPolling(PollingConfig c) {
        return edit(b -> b.polling = c);
    }

    /** How the registration with the registrar is kept ({@code cse.poa}, {@code registrar.retry-*}, {@code .timeout-ms}). */
    public ServerConfig withRegistree(RegistreeConfig r) {
        return edit(b -> b.registree = r);
    }

    /** With these limits of retargeting ({@code mcc.forward.*}). */
    public ServerConfig withRetargeting(RetargetingConfig r) {
        return edit(b -> b.retargeting = r);
    }

    /** The MQTT door ({@code mqtt.*}). */
    public ServerConfig withMqtt(MqttSettings m) {
        return edit(b -> b.mqtt = m);
    }

    /** With these settings of distributed authorization ({@code pdp.*}). */
    public ServerConfig withPdp(DistributedAuthorizationConfig p) {
        return edit(b -> b.pdp = p);
    }

    /** This CSE as an ESCertKE end-point ({@code e2e.escertke.*}). */
    public ServerConfig withEsCertKe(EsCertKeConfig c) {
        return edit(b -> b.escertke = c);
    }

    /** A copy with some components changed: one place that knows every component, however many doors come. */
    private ServerConfig edit(java.util.function.Consumer<Fields> change) {
        Fields f = new Fields(this);
        change.accept(f);
        return f.build();
    }

    /** The components of a {@link ServerConfig}, mutable while a copy is being made. */
    private static final class Fields {
        CseConfig cse;
        Path dataDir;
        String bind;
        int httpPort;
        int maxBodyBytes;
        boolean syncFull;
        int workerThreads;
        String logLevel;
        String adminBind;
        int adminPort;
        AuditConfig audit;
        int pskPort;
        HttpsSettings https;
        CoapSettings coap;
        PskSettings psk;
        TokenSettings tokens;
        DoorLimits limits;
        LocationConfig location;
        NonBlockingConfig nonBlocking;
        MccConfig mcc;
        OperationTimeConfig operationTime;
        UpperTesterSettings upperTester;
        PollingConfig polling;
        RegistreeConfig registree;
        RetargetingConfig retargeting;
        MafClientSettings maf;
        MqttSettings mqtt;
        DistributedAuthorizationConfig pdp;
        WebSocketSettings ws;
        EsCertKeConfig escertke;
        MefClientSettings mef;

        Fields(ServerConfig c) {
            cse = c.cse;
            dataDir = c.dataDir;
            bind = c.bind;
            httpPort = c.httpPort;
            maxBodyBytes = c.maxBodyBytes;
            syncFull = c.syncFull;
            workerThreads = c.workerThreads;
            logLevel = c.logLevel;
            adminBind = c.adminBind;
            adminPort = c.adminPort;
            audit = c.audit;
            pskPort = c.pskPort;
            https = c.https;
            coap = c.coap;
            psk = c.psk;
            tokens = c.tokens;
            limits = c.limits;
            location = c.location;
            nonBlocking = c.nonBlocking;
            mcc = c.mcc;
            operationTime = c.operationTime;
            upperTester = c.upperTester;
            polling = c.polling;
            registree = c.registree;
            retargeting = c.retargeting;
            maf = c.maf;
            mqtt = c.mqtt;
            pdp = c.pdp;
            ws = c.ws;
            escertke = c.escertke;
            mef = c.mef;
        }

        ServerConfig build() {
            return new ServerConfig(cse, dataDir, bind, httpPort, maxBodyBytes, syncFull, workerThreads, logLevel,
                    adminBind, adminPort, audit, pskPort, https, coap, psk, tokens, limits, location, nonBlocking, mcc,
                    operationTime, upperTester, polling, registree, retargeting, maf, mqtt, pdp, ws, escertke, mef);
        }
    }
}
