package io.bastion.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.client.CseClient;
import io.bastion.client.CseException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The example of README's "Client library (bastion-client)" section, run as written against a real server, and README
 * checked to show exactly these lines, so that neither can drift from the other.
 */
class ClientExampleIT {
    private static final String BEGIN = "// README:begin";
    private static final String END = "// README:end";

    @RegisterExtension
    static final TestServer server = new TestServer();

    @Test
    void theExampleRegistersWritesAndReadsItsReadingBack() {
        String cseUrl = "http://127.0.0.1:" + server.server().httpPort();
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            example(cseUrl);
        } finally {
            System.setOut(stdout);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8).strip()).isEqualTo("21.5");
        assertThat(server.client().retrieve("Cmyapp", "/cse-in/myapp/temp/la").expect(2000).attr("con"))
                .isEqualTo("21.5");
    }

    static void example(String cseUrl) {
        // README:begin
        try (CseClient cse = CseClient.builder(cseUrl).cseId("/id-in").originator("Cmyapp").build()) {
            cse.registerAe("myapp", "Nmyapp");                      // the AE-ID Cmyapp, its originator from now on
            cse.createContainer("cse-in/myapp", "temp");
            cse.createContentInstance("cse-in/myapp/temp", "21.5");
            System.out.println(cse.latest("cse-in/myapp/temp").attribute("con"));   // 21.5
        } catch (CseException e) {
            System.err.println(e.code() + " " + e.dbg());           // e.g. 4103 and the CSE's one-line reason
        }
        // README:end
    }

    @Test
    void readmeShowsExactlyThisExample() throws IOException {
        List<String> source = Files.readAllLines(Path.of("src/test/java/io/bastion/server/it/ClientExampleIT.java"));
        List<String> example = dedent(source.subList(indexOf(source, BEGIN) + 1, indexOf(source, END)));
        List<String> readme = Files.readAllLines(Path.of("../README.md"));
        int block = indexOf(readme, "String cseUrl = ");
        assertThat(readme.get(block - 1)).isEqualTo("```java");
        List<String> shown = new ArrayList<>();
        for (int i = block + 1; !readme.get(i).equals("```"); i++) {
            shown.add(readme.get(i));
        }
        assertThat(shown).as("README's client example").isEqualTo(example);
        assertThat(example.size() + 1).as("lines of the example, with cseUrl").isLessThanOrEqualTo(10);
    }

    private static int indexOf(List<String> lines, String start) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().startsWith(start)) {
                return i;
            }
        }
        throw new AssertionError("no line starts with " + start);
    }

    private static List<String> dedent(List<String> lines) {
        int indent = lines.get(0).length() - lines.get(0).stripLeading().length();
        return lines.stream().map(l -> l.length() >= indent ? l.substring(indent) : l.strip()).toList();
    }
}
