package io.bastion.trust.das;

import java.nio.file.Path;

/**
 * How a DAS runs.
 *
 * @param dasId the DAS's oneM2M ID: {@code fr} of its responses and {@code iss} of its tokens (CSEs trust it by this
 *     ID); default {@code CDas}
 * @param bind address to listen on; default loopback
 * @param port HTTP port; 0 picks a free one; default 8090
 * @param rulesFile the rules (see {@link RulesParser}); null means no rules, so every request is denied
 * @param dataDir where the audit log goes ({@code <dataDir>/das/audit.jsonl}); default {@code ./data}
 * @param tokenDomain the FQDN in token IDs ({@code <hex>@tokenDomain}); default {@code localhost}
 */
public record DasSettings(String dasId, String bind, int port, Path rulesFile, Path dataDir, String tokenDomain) {
    public static final int DEFAULT_PORT = 8090;

    public DasSettings {
        if (dasId == null || dasId.isEmpty() || dasId.chars().anyMatch(c -> c <= ' ')) {
            throw new IllegalArgumentException("the DAS ID must be a non-empty ID without spaces");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (tokenDomain == null || !tokenDomain.matches("[a-z0-9]([a-z0-9.-]*[a-z0-9])?")) {
            throw new IllegalArgumentException("the token domain must be a lower-case FQDN");
        }
    }

    public static DasSettings defaults() {
        return new DasSettings("CDas", "127.0.0.1", DEFAULT_PORT, null, Path.of("data"), "localhost");
    }

    public Path auditFile() {
        return dataDir.resolve("das").resolve("audit.jsonl");
    }

    public DasSettings withId(String v) {
        return new DasSettings(v, bind, port, rulesFile, dataDir, tokenDomain);
    }

    public DasSettings withBind(String v) {
        return new DasSettings(dasId, v, port, rulesFile, dataDir, tokenDomain);
    }

    public DasSettings withPort(int v) {
        return new DasSettings(dasId, bind, v, rulesFile, dataDir, tokenDomain);
    }

    public DasSettings withRules(Path v) {
        return new DasSettings(dasId, bind, port, v, dataDir, tokenDomain);
    }

    public DasSettings withDataDir(Path v) {
        return new DasSettings(dasId, bind, port, rulesFile, v, tokenDomain);
    }

    public DasSettings withTokenDomain(String v) {
        return new DasSettings(dasId, bind, port, rulesFile, dataDir, v);
    }
}
