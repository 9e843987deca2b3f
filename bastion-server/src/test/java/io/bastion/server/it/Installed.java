package io.bastion.server.it;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the external tools a test drives (libcoap's client, curl, openssl) on the PATH, so it can skip without them. */
public final class Installed {
    private Installed() {
    }

    /** The first of {@code names} that is an executable on the PATH, or null. */
    public static String onPath(String... names) {
        for (String dirName : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String n : names) {
                if (!dirName.isEmpty() && Files.isExecutable(Path.of(dirName, n))) {
                    return Path.of(dirName, n).toString();
                }
            }
        }
        return null;
    }
}
