package io.bastion.server.psk;

import io.bastion.server.CredentialsCommand;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** {@code bastion credentials} run in the test's JVM as the launcher runs it: exit code, standard output and error. */
record CredentialsCli(int code, String out, String err) {

    /**
     * Runs {@code bastion credentials ARGS} with {@code env} as the environment; a {@code --stdin TEXT} pair among the
     * arguments is not passed on but becomes standard input, one line.
     */
    static CredentialsCli run(List<String> args, Function<String, String> env) {
        List<String> a = new ArrayList<>();
        String stdin = "";
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--stdin")) {
                stdin = args.get(++i) + "\n";
            } else {
                a.add(args.get(i));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CredentialsCommand.run(a, env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.US_ASCII)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CredentialsCli(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
