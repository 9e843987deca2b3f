package io.bastion.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** What every {@code bastion} command does with its options' values: a missing value or a bad port is refused. */
final class CommandOptions {
    private CommandOptions() {
    }

    /** The value at {@code i}, the word after {@code option}. */
    static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }

    /** {@code v} as a TCP or UDP port, 0 for any free one. */
    static int port(String v, String option) {
        try {
            int p = Integer.parseInt(v);
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a port number 0..65535");
        }
    }

    /** The admin endpoint's base URL: --admin, else loopback with --admin-port, admin.port of --config, or 8079. */
    static String adminBase(Integer port, String url, Path config) throws IOException {
        if (url != null) {
            if (port != null || config != null) {
                throw new IllegalArgumentException("--admin excludes --admin-port and --config");
            }
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                throw new IllegalArgumentException("--admin must be an http:// URL, e.g. http://127.0.0.1:8079");
            }
            return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        }
        int p = ServerConfig.DEFAULT_ADMIN_PORT;
        if (port != null) {
            p = port;
        } else if (config != null) {
            p = ServerConfig.load(config).adminPort();
            if (p < 0) {
                throw new IllegalArgumentException("the admin endpoint is disabled in " + config + " (admin.port=-1)");
            }
        }
        if (p == 0) {
            throw new IllegalArgumentException("the admin port was chosen at start-up: pass --admin-port with the "
                    + "admin=PORT of the 'listening' line");
        }
        return "http://127.0.0.1:" + p;
    }
}
