package io.bastion.server;

import static io.bastion.server.it.M2m.rule;
import static io.bastion.server.it.M2m.rules;
import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.server.it.M2m;
import io.bastion.server.it.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The explanations of the admin endpoint byte for byte, as JSON and as {@code bastion explain} prints them: one of each
 * kind the explainer makes (a permit on a virtual resource, a permit following the parent's policies, a deny naming
 * the dac it would consult, a registration, a refused token beside a verified role, a refusal at authentication and
 * one at target resolution). Resource IDs stand as {@code {name}} in {@code explanations.golden}; set
 * {@code -Dgolden.write=DIR} to write the file anew there after a deliberate change of the rendering.
 */
class ExplanationGoldenIT {
    static final String OWNER = "Cowner";
    static final String READER = "Creader";
    static final String OTHER = "Cother";
    static final String AT = "20261123T120000";
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @RegisterExtension
    static final TestServer cse = new TestServer()
            .registering(OWNER, "owner")
            .registering(READER, "reader")
            .registering(OTHER, "other");
    static final M2m m2m = cse.client();
    static final Map<String, String> ids = new LinkedHashMap<>();

    @BeforeAll
    static void start() {
        String rlid = "golden-reader@bastion.example";
        ids.put("role", m2m.create(M2m.ADMIN, "/cse-in", 31, "{\"m2m:rol\":{\"rlid\":\"" + rlid
                + "\",\"tkis\":\"/id-in\",\"tkhd\":\"" + OTHER + "\",\"tknb\":\"20260101T000000\","
                + "\"tkna\":\"20301231T000000\"}}").expect(2001).ri());
        ids.put("acp", m2m.createAcp(OWNER, "/cse-in/owner", "acp", rules(rule(2, READER), rule(2, rlid),
                rule(63, OWNER)), rules(rule(63, OWNER))));
        ids.put("cnt", m2m.create(OWNER, "/cse-in/owner", 3, "{\"m2m:cnt\":{\"rn\":\"cnt\",\"acpi\":[\""
                + ids.get("acp") + "\"]}}").expect(2001).ri());
        ids.put("cin", m2m.createCin(OWNER, "/cse-in/owner/cnt", "v").expect(2001).ri());
        ids.put("dac", m2m.create(OWNER, "/cse-in/owner", 34, "{\"m2m:dac\":{\"rn\":\"dac\",\"dae\":true,"
                + "\"dap\":[\"http://127.0.0.1:9/das\"]}}").expect(2001).ri());
        ids.put("bydac", m2m.create(OWNER, "/cse-in/owner", 3, "{\"m2m:cnt\":{\"rn\":\"bydac\",\"acpi\":[\""
                + ids.get("acp") + "\"],\"daci\":[\"" + ids.get("dac") + "\"]}}").expect(2001).ri());
    }

    @Test
    void everyKindOfExplanationRendersAsBefore() throws Exception {
        StringBuilder all = new StringBuilder();
        all.append(explain("a permit on a virtual resource", null,
                "from", READER, "op", "retrieve", "to", "cse-in/owner/cnt/la", "ip", "192.0.2.1", "at", AT));
        all.append(explain("a permit on the parent's policies", null,
                "from", READER, "op", "retrieve", "to", ids.get("cin"), "at", AT));
        all.append(explain("a deny naming the dac it would consult", null,
                "from", OTHER, "op", "delete", "to", "/cse-in/owner/bydac", "at", AT));
        all.append(explain("a registration", null,
                "from", "Cnew", "op", "create", "ty", "2", "to", "cse-in", "at", AT));
        all.append(explain("a refused token beside a verified role", "abc.def.ghi",
                "from", OTHER, "op", "retrieve", "to", "cse-in/owner/cnt", "rids", "golden-reader@bastion.example",
                "at", AT));
        all.append(explain("a refusal at authentication", null,
                "from", "Cnobody", "op", "update", "to", "cse-in/owner/cnt", "at", AT));
        all.append(explain("a refusal at target resolution", null,
                "from", READER, "op", "retrieve", "to", "cse-in/owner/nothing", "ip", "::1", "at", AT));
        String actual = placeholders(all.toString());

        String write = System.getProperty("golden.write");
        if (write != null) {
            Files.writeString(Path.of(write).resolve("explanations.golden"), actual, StandardCharsets.UTF_8);
        }
        String expected;
        try (InputStream in = ExplanationGoldenIT.class.getResourceAsStream("explanations.golden")) {
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(actual).isEqualTo(expected);
    }

    /** One section: a title, the endpoint's JSON as sent, then the text {@code bastion explain} prints from it. */
    static String explain(String title, String tokens, String... params) throws IOException, InterruptedException {
        StringBuilder q = new StringBuilder();
        for (int i = 0; i < params.length; i += 2) {
            q.append(q.isEmpty() ? "" : "&").append(params[i]).append('=')
                    .append(URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
        }
        HttpRequest.Builder rq = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cse.server().adminPort()
                + "/explain?" + q)).timeout(Duration.ofSeconds(20));
        if (tokens != null) {
            rq.header("Authorization", "Bearer " + tokens);
        }
        HttpResponse<String> r = HTTP.send(rq.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(text, true, StandardCharsets.UTF_8)) {
            ExplainCommand.print(M2m.JSON.readTree(r.body()), out);
        }
        return "=== " + title + "\n" + r.body() + "\n---\n" + text.toString(StandardCharsets.UTF_8);
    }

    private static String placeholders(String s) {
        for (Map.Entry<String, String> e : ids.entrySet()) {
            s = s.replace(e.getValue(), "{" + e.getKey() + "}");
        }
        return s;
    }
}
