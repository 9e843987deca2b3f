package io.bastion.server;

import static io.bastion.server.it.M2m.rule;
import static io.bastion.server.it.M2m.rules;
import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.core.time.Timestamps;
import io.bastion.server.it.M2m;
import io.bastion.server.it.TokenMint;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bastion explain} against a running server: its output and its exit codes. */
class ExplainCommandIT {
    @TempDir
    static Path dir;
    static BastionServer server;
    static M2m m2m;
    static String path;
    static String acp;
    static TokenMint mint;

    @BeforeAll
    static void start() throws Exception {
        mint = TokenMint.create(dir.resolve("keys"), "/id-das", "das-1");
        TokenMint.trust(dir, mint);
        server = M2m.startServer(dir);
        m2m = new M2m(server.httpPort());
        m2m.registerAe("Cowner", "owner");
        m2m.registerAe("Creader", "reader");
        m2m.registerAe("Cother", "other");
        acp = m2m.createAcp("Cowner", "/cse-in/owner", "acp", rules(
                "{\"acor\":[\"Creader\"],\"acop\":2,\"acco\":[{\"actw\":[\"* * 12 * * * *\"]}]}",
                rule(63, "Cowner")), rules(rule(63, "Cowner")));
        m2m.create("Cowner", "/cse-in/owner", 3, "{\"m2m:cnt\":{\"rn\":\"cnt\",\"acpi\":[\"" + acp + "\"]}}")
                .expect(2001);
        path = "cse-in/owner/cnt";
    }

    @AfterAll
    static void stop() {
        server.close();
        mint.close();
    }

    record Run(int code, String out, String err) {
    }

    static Run explain(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>();
        all.add("explain");
        all.addAll(List.of(args));
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.run(all, o, e);
        }
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    String port() {
        return String.valueOf(server.adminPort());
    }

    @Test
    void aPermitPrintsItsGroundAndExitsZero() throws Exception {
        Run r = explain("--from", "Creader", "--op", "retrieve", "--to", path, "--at", "20261123T120000",
                "--admin-port", port());
        assertThat(r.code()).as(r.err()).isZero();
        String ri = m2m.retrieve("Cowner", "/" + path).expect(2000).ri();
        assertThat(r.out()).isEqualTo("""
                PERMIT: permitted by accessControlPolicy %s pv.acr[0]
                request: Creader retrieve cse-in/owner/cnt
                target:  cse-in/owner/cnt (ri %s)
                rules:   pv of %s (acpi of %s)
                time:    2026-11-23T12:00:00Z
                source:  (none given)
                note:    no source address given: no rule with accessControlIpAddresses (acip) matches
                """.formatted(acp, ri, acp, ri));
        assertThat(r.err()).isEmpty();
    }

    @Test
    void aDenyPrintsTheRuleTrailAndExitsOne() throws Exception {
        Run r = explain("--from", "Creader", "--op", "retrieve", "--to", "/" + path, "--at", "20261123T030000",
                "--ip", "127.0.0.1", "--admin", "http://127.0.0.1:" + port() + "/");
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).startsWith("""
                DENY: no access control rule permits the request
                  - accessControlPolicy %s pv.acr[0]: acco[0].actw: 2026-11-23T03:00:00Z is outside every window: \
                '* * 12 * * * *'
                  - accessControlPolicy %s pv.acr[1]: originator Creader not in acor
                answer:  4103 ORIGINATOR_HAS_NO_PRIVILEGE (decided at authorize)
                request: Creader retrieve /cse-in/owner/cnt
                """.formatted(acp, acp));
        assertThat(r.out()).contains("source:  127.0.0.1\n");
    }

    @Test
    void anUnregisteredOriginatorIsADeny() throws Exception {
        Run r = explain("--from", "Cnobody", "--op", "delete", "--to", path, "--admin-port", port());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).startsWith("DENY: originator Cnobody is not a registered AE of this CSE\n"
                + "answer:  4106 ORIGINATOR_NOT_AUTHENTICATED (decided at authenticate)\n");
    }

    @Test
    void aTokenFromAFileIsVerifiedAndNamedAsTheGround() throws Exception {
        String tkid = "cli1@das.example";
        Instant now = Instant.now();
        String token = mint.sign(tkid, "Cother", List.of(M2m.CSE_ID), now.minusSeconds(5), now.plusSeconds(60),
                List.of(M2m.CSE_ID + "/" + path), "{\"acor\":[\"Cother\"],\"acop\":2}");
        Path file = dir.resolve("token.jwt");
        Files.writeString(file, token + "\n");
        Run r = explain("--from", "Cother", "--op", "retrieve", "--to", path, "--token", file.toString(),
                "--admin-port", port());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).startsWith("PERMIT: permitted by token " + tkid + " tkps.pm[0].pv.acr[0]\n")
                .contains("\nproof:   token " + tkid + " (token 1 of tkns) verified: issuer /id-das, holder Cother");
        assertThat(r.out()).as("the token itself is never printed").doesNotContain(token);
        // Without the token: denied.
        assertThat(explain("--from", "Cother", "--op", "retrieve", "--to", path, "--admin-port", port()).code())
                .isEqualTo(1);
    }

    @Test
    void aRefusedTokenIsADenyNamingWhy() throws Exception {
        Path file = dir.resolve("garbage.jwt");
        Files.writeString(file, "abc.def.ghi");
        Run r = explain("--from", "Cother", "--op", "retrieve", "--to", path, "--token", file.toString(),
                "--admin-port", port());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).startsWith("DENY: token 1 of tkns is refused: ")
                .contains("answer:  4103 ORIGINATOR_HAS_NO_PRIVILEGE (decided at authorize)")
                .contains("\nrefused: token 1 of tkns is refused: ");
        Run missing = explain("--from", "Cother", "--op", "retrieve", "--to", path, "--token",
                dir.resolve("no-such-file").toString(), "--admin-port", port());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).startsWith("bastion: --token: cannot read ");
    }

    @Test
    void aRolePermitsAndTheDacThatWouldBeConsultedIsNamed() throws Exception {
        Instant now = Instant.now();
        String rlid = "cli-reader@bastion.example";
        String roleRi = m2m.create(M2m.ADMIN, "/cse-in", 31, "{\"m2m:rol\":{\"rlid\":\"" + rlid
                + "\",\"tkis\":\"/id-in\",\"tkhd\":\"Cother\",\"tknb\":\"" + Timestamps.format(now.minusSeconds(60))
                + "\",\"tkna\":\"" + Timestamps.format(now.plusSeconds(3600)) + "\"}}").expect(2001).ri();
        // A dac whose DAS does not exist: explain must not try it.
        String dac = m2m.create("Cowner", "/cse-in/owner", 34, "{\"m2m:dac\":{\"rn\":\"clidac\",\"dae\":true,"
                + "\"dap\":[\"http://127.0.0.1:9/das\"]}}").expect(2001).ri();
        String roleAcp = m2m.createAcp("Cowner", "/cse-in/owner", "roleAcp", rules(rule(2, rlid), rule(63, "Cowner")),
                rules(rule(63, "Cowner")));
        String cntRi = m2m.create("Cowner", "/cse-in/owner", 3, "{\"m2m:cnt\":{\"rn\":\"bydac\",\"acpi\":[\""
                + roleAcp + "\"],\"daci\":[\"" + dac + "\"]}}").expect(2001).ri();

        Run mixed = explain("--from", "Cother", "--op", "retrieve", "--to", "cse-in/owner/bydac", "--rids",
                "nothing@bastion.example," + rlid, "--admin-port", port());
        assertThat(mixed.code()).as(mixed.out()).isEqualTo(1);
        assertThat(mixed.out()).contains("refused: ").contains("nothing@bastion.example");
        Run role = explain("--from", "Cother", "--op", "retrieve", "--to", "cse-in/owner/bydac", "--rids", rlid,
                "--admin-port", port());
        assertThat(role.code()).as(role.out()).isZero();
        assertThat(role.out()).startsWith("PERMIT: permitted by role " + rlid + " (verified by <role> " + roleRi
                + ") named in accessControlPolicy " + roleAcp + " pv.acr[0]\n")
                .contains("\nproof:   role " + rlid + " verified by <role> " + roleRi + "\n");

        Run no = explain("--from", "Cother", "--op", "delete", "--to", "cse-in/owner/bydac", "--rids", rlid,
                "--admin-port", port());
        assertThat(no.code()).isEqualTo(1);
        assertThat(no.out()).contains("\ndynamic: would consult dac " + dac + " (found through daci of " + cntRi
                + "): the DAS at http://127.0.0.1:9/das; explain consults no DAS\n");
    }

    @Test
    void aRefusedQueryPrintsTheServersMessageAndExitsTwo() throws Exception {
        Run r = explain("--from", "Creader", "--op", "create", "--to", path, "--admin-port", port());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("bastion: create needs the type of the resource to create (ty)")
                .contains("HTTP 400").hasLineCount(1);
    }

    @Test
    void missingOptionsAreAUsageError() throws Exception {
        Run r = explain("--from", "Creader", "--op", "retrieve", "--admin-port", port());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("bastion: explain needs --to").contains("usage:");
        assertThat(explain("--from", "a", "--op", "retrieve", "--to", "x", "--admin-port", "99999").code())
                .isEqualTo(2);
        assertThat(explain("--from", "a", "--op", "retrieve", "--to", "x", "--bogus").code()).isEqualTo(2);
    }

    @Test
    void noRunningCseIsAClearConnectionError() throws Exception {
        int free;
        try (ServerSocket s = new ServerSocket(0)) {
            free = s.getLocalPort();
        }
        Run r = explain("--from", "Creader", "--op", "retrieve", "--to", path, "--admin-port", String.valueOf(free));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("bastion: no Bastion admin endpoint at http://127.0.0.1:" + free
                + " — is the CSE running?");
    }

    @Test
    void theAdminPortCanComeFromTheConfigurationFile() throws Exception {
        Path cfg = dir.resolve("explain.properties");
        Files.writeString(cfg, "admin.port=" + port() + "\n");
        Run r = explain("--from", "Creader", "--op", "retrieve", "--to", path, "--at", "20261123T121500",
                "--config", cfg.toString());
        assertThat(r.code()).as(r.err()).isZero();
        Files.writeString(cfg, "admin.port=-1\n");
        Run off = explain("--from", "Creader", "--op", "retrieve", "--to", path, "--config", cfg.toString());
        assertThat(off.code()).isEqualTo(2);
        assertThat(off.err()).contains("disabled");
    }

    @Test
    void runAcceptsAnAdminPortAndMinusOneDisablesIt() throws Exception {
        assertThat(Main.parseRun(List.of("--admin-port", "-1")).adminPort()).isEqualTo(-1);
        assertThat(Main.parseRun(List.of("--admin-port", "0")).adminPort()).isZero();
        assertThat(Main.parseRun(List.of()).adminPort()).isEqualTo(8079);
        assertThat(Main.parseRun(List.of("--bind", "0.0.0.0")).adminBind()).as("--bind moves HTTP only")
                .isEqualTo("127.0.0.1");
        try (BastionServer off = BastionServer.start(M2m.config(dir.resolve("off")).withAdminPort(-1))) {
            assertThat(off.adminPort()).isEqualTo(-1);
        }
    }
}
