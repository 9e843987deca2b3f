package io.bastion.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.server.AuditLines;
import io.bastion.server.BastionServer;
import io.bastion.server.UpperTesterSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Upper Tester of TS-0019 over real HTTP ({@code POST /__ut__}, {@code X-M2M-UTCMD}, {@code X-M2M-UTRSP}): status
 * and reset with the audit of each use, refusals of what is not implemented, off by default, and no start with it on a
 * non-loopback bind address without the second setting. (That a peer must be loopback is shown in
 * UpperTesterCommandsTest: every peer a test can reach the server from is loopback.)
 */
class UpperTesterIT {
    static final String AE = "Cutapp";

    @RegisterExtension
    static final TestServer cse = new TestServer()
            .configured(c -> c.withUpperTester(new UpperTesterSettings(true, false)));
    static final M2m m2m = cse.client();

    @RegisterExtension
    static final TestServer plain = new TestServer().registering("Cutplain", "utplain");
    static final M2m plainM2m = plain.client();

    static M2m.Rsp ut(M2m client, String command, String rqi) {
        M2m.Req r = client.request("POST", "/__ut__").header("X-M2M-RI", rqi);
        return (command == null ? r : r.header("X-M2M-UTCMD", command)).send();
    }

    @Test
    void statusAnswersRunningAndIsAudited() throws Exception {
        M2m.Rsp r = ut(m2m, "status", "ut-status");
        assertThat(r.status()).isEqualTo(200);
        r.expect(2000);
        assertThat(r.header("X-M2M-UTRSP")).isEqualTo("running");
        assertThat(AuditLines.awaitRequest(cse.dir(), "ut-status")).contains("\"decision\":\"PERMIT\"")
                .contains("Upper Tester: status").contains("\"address\":\"/__ut__\"");
    }

    @Test
    void resetRemovesEveryResourceBelowTheCseBaseAndKeepsTheCseBase() throws Exception {
        m2m.registerAe(AE, "utapp");
        m2m.createContainer(AE, "/cse-in/utapp", "box");
        m2m.createCin(AE, "/cse-in/utapp/box", "v").expect(2001);
        m2m.create("CAdmin", "/cse-in", 3, "{\"m2m:cnt\":{\"rn\":\"adminBox\"}}").expect(2001);

        M2m.Rsp r = ut(m2m, "Reset", "ut-reset");
        r.expect(2000);
        assertThat(r.header("X-M2M-UTRSP")).startsWith("removed ");

        m2m.retrieve("CAdmin", "/cse-in/utapp").expect(4004);
        m2m.retrieve("CAdmin", "/cse-in/adminBox").expect(4004);
        m2m.retrieve("CAdmin", "/cse-in").expect(2000);
        // the AE-ID is free again: registering it is no second registration (4117)
        m2m.registerAe(AE, "utapp");
        m2m.retrieve(AE, "/cse-in/utapp/box").expect(4004);
        assertThat(AuditLines.awaitRequest(cse.dir(), "ut-reset")).contains("\"decision\":\"PERMIT\"")
                .contains("Upper Tester: reset").contains("\"peer\":\"127.0.0.1\"");
    }

    @Test
    void whatIsNotImplementedIsRefusedClearlyAndAudited() throws Exception {
        M2m.Rsp unknown = ut(m2m, "enableShortRequestExpiration", "ut-unknown").expect(5001);
        assertThat(unknown.status()).isEqualTo(501);
        assertThat(unknown.dbg()).contains("not implemented", "reset and status");
        assertThat(unknown.header("X-M2M-UTRSP")).isNull();
        assertThat(AuditLines.awaitRequest(cse.dir(), "ut-unknown")).contains("\"decision\":\"DENY\"")
                .contains("\"rsc\":5001");
        ut(m2m, null, "ut-none").expect(5001);
        M2m.Rsp primitive = m2m.request("POST", "/__ut__").body("{\"m2m:rqp\":{\"op\":2,\"to\":\"cse-in\"}}")
                .send().expect(5001);
        assertThat(primitive.dbg()).contains("primitive");
        ut(m2m, "reset everything", "ut-args").expect(4000);
        assertThat(m2m.request("GET", "/__ut__").header("X-M2M-UTCMD", "status").send().expect(4005).dbg())
                .contains("POST");
    }

    @Test
    void offByDefaultTheUpperTesterIsNoEndpointAndResetsNothing() {
        M2m.Rsp r = ut(plainM2m, "reset", "ut-off");
        assertThat(r.rsc()).isNotEqualTo(2000);
        assertThat(r.header("X-M2M-UTRSP")).isNull();
        plainM2m.retrieve("Cutplain", "/cse-in/utplain").expect(2000);
    }

    @Test
    void theServerRefusesToStartWithTheUpperTesterOnANonLoopbackBindAlone(@TempDir Path dir) {
        assertThatThrownBy(() -> BastionServer.start(M2m.config(dir).withBind("0.0.0.0")
                .withUpperTester(new UpperTesterSettings(true, false))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("upper-tester.allow-non-loopback").hasMessageContaining("0.0.0.0");
    }
}
