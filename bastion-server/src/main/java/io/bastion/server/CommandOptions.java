package io.bastion.server;

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
}
