package io.bastion.server;

import io.bastion.cse.CseConfig;
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
 * @param cse the CSE's identity and policies
 * @param dataDir where the store lives
 * @param bind the address the bindings listen on
 * @param httpPort the HTTP port (0 picks a free one)
 * @param maxBodyBytes the largest request body accepted
 * @param syncFull whether every commit is flushed to the disk (survives power loss), not only to the OS
 * @param workerThreads threads that process requests
 * @param logLevel slf4j-simple level: error, warn, info, debug, trace
 */
public record ServerConfig(CseConfig cse, Path dataDir, String bind, int httpPort, int maxBodyBytes,
                           boolean syncFull, int workerThreads, String logLevel) {

    static final Set<String> KEYS = Set.of("cse.id", "cse.name", "cse.spid", "admin.originator", "admin.remote",
            "registration.allowed", "data.dir", "store.sync", "http.bind", "http.port", "http.max-body",
            "workers", "log.level", "resource.default-expiry-days");

    public static ServerConfig defaults() {
        return new ServerConfig(CseConfig.defaults(), Path.of("data"), "127.0.0.1", 8080, 1024 * 1024, false, 16,
                "info");
    }

    /** Reads a properties file on top of the defaults. */
    public static ServerConfig load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        for (String k : p.stringPropertyNames()) {
            if (!KEYS.contains(k)) {
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
                c.supportedReleases(), defaultExpiry, c.maxExpiry(), c.verificationTimeout(), c.maxGroupMembers());
        String sync = p.getProperty("store.sync", "normal").trim();
        if (!sync.equals("normal") && !sync.equals("full")) {
            throw new IllegalArgumentException("store.sync must be 'normal' or 'full'");
        }
        return new ServerConfig(cse, Path.of(p.getProperty("data.dir", d.dataDir().toString()).trim()),
                p.getProperty("http.bind", d.bind()).trim(),
                Integer.parseInt(p.getProperty("http.port", String.valueOf(d.httpPort())).trim()),
                Integer.parseInt(p.getProperty("http.max-body", String.valueOf(d.maxBodyBytes())).trim()),
                sync.equals("full"), Integer.parseInt(p.getProperty("workers", "16").trim()),
                p.getProperty("log.level", d.logLevel()).trim());
    }

    public ServerConfig withDataDir(Path dir) {
        return new ServerConfig(cse, dir, bind, httpPort, maxBodyBytes, syncFull, workerThreads, logLevel);
    }

    public ServerConfig withBind(String addr) {
        return new ServerConfig(cse, dataDir, addr, httpPort, maxBodyBytes, syncFull, workerThreads, logLevel);
    }

    public ServerConfig withHttpPort(int port) {
        return new ServerConfig(cse, dataDir, bind, port, maxBodyBytes, syncFull, workerThreads, logLevel);
    }

    public ServerConfig withCse(CseConfig c) {
        return new ServerConfig(c, dataDir, bind, httpPort, maxBodyBytes, syncFull, workerThreads, logLevel);
    }

    public ServerConfig withMaxBodyBytes(int n) {
        return new ServerConfig(cse, dataDir, bind, httpPort, n, syncFull, workerThreads, logLevel);
    }
}
