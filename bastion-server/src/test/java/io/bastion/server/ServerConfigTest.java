package io.bastion.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.cse.config.MccConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigTest {
    @TempDir
    Path dir;

    @Test
    void adminAndAuditDefaults() {
        ServerConfig d = ServerConfig.defaults();
        assertThat(d.adminPort()).isEqualTo(8079);
        assertThat(d.adminBind()).isEqualTo("127.0.0.1");
        assertThat(d.audit().permits()).isFalse();
        assertThat(d.audit().maxBytes()).isEqualTo(10L * 1024 * 1024);
        assertThat(d.audit().keep()).isEqualTo(5);
    }

    @Test
    void adminAndAuditKeysAreRead() throws Exception {
        Path f = dir.resolve("bastion.properties");
        Files.writeString(f, """
                admin.port=-1
                admin.bind=::1
                audit.permits=true
                audit.max-bytes=65536
                audit.keep=3
                """);
        ServerConfig c = ServerConfig.load(f);
        assertThat(c.adminPort()).isEqualTo(-1);
        assertThat(c.adminBind()).isEqualTo("::1");
        assertThat(c.audit().permits()).isTrue();
        assertThat(c.audit().maxBytes()).isEqualTo(65536);
        assertThat(c.audit().keep()).isEqualTo(3);
    }

    @Test
    void anInCseAcceptingNoRegistreeByDefaultAndTheRegistrarOfAGateway() throws Exception {
        assertThat(ServerConfig.defaults().mcc().cseType()).isEqualTo(MccConfig.CseType.IN);
        assertThat(ServerConfig.defaults().mcc().allowedCses()).isEmpty();
        assertThat(ServerConfig.defaults().mcc().registrar()).isNull();
        Path f = dir.resolve("mn.properties");
        Files.writeString(f, """
                cse.type=mn
                registration.allowed-cses=/id-asn*, /id-dev1
                registrar.url=https://in.example:8443
                registrar.cse-id=/id-in
                registrar.name=cse-in
                registrar.trust=ca.pem
                registrar.client-certificate=https
                """);
        MccConfig mcc = ServerConfig.load(f).mcc();
        assertThat(mcc.cseType()).isEqualTo(MccConfig.CseType.MN);
        assertThat(mcc.allowedCses()).containsExactly("/id-asn*", "/id-dev1");
        assertThat(mcc.registrar()).isEqualTo(new MccConfig.Registrar("https://in.example:8443", "/id-in", "cse-in",
                null, "ca.pem", true));
        for (String bad : List.of("registrar.cse-id=/id-in\n", "cse.type=XN\n",
                "cse.type=IN\nregistrar.url=https://h\nregistrar.cse-id=/id-in\nregistrar.name=cse-in\n",
                "cse.type=MN\nregistrar.url=ftp://h\nregistrar.cse-id=/id-in\nregistrar.name=cse-in\n",
                "cse.type=MN\nregistrar.url=https://h\nregistrar.name=cse-in\n",
                "registration.allowed-cses=id-mn\n")) {
            Files.writeString(f, bad);
            assertThatThrownBy(() -> ServerConfig.load(f)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theKeysOfEsCertKeWithThisCseAreADayTenThousandOrAsTold() throws Exception {
        assertThat(ServerConfig.defaults().escertke().keyLifetime()).isEqualTo(java.time.Duration.ofDays(1));
        assertThat(ServerConfig.defaults().escertke().maxKeys()).isEqualTo(10_000);
        Path f = dir.resolve("escertke.properties");
        Files.writeString(f, "e2e.escertke.key-lifetime-s=600\ne2e.escertke.max-keys=50\n");
        ServerConfig c = ServerConfig.load(f);
        assertThat(c.escertke().keyLifetime()).isEqualTo(java.time.Duration.ofMinutes(10));
        assertThat(c.escertke().maxKeys()).isEqualTo(50);
        Files.writeString(f, "e2e.escertke.key-lifetime-s=5\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ServerConfig.load(f))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("e2e.escertke.key-lifetime-s");
        Files.writeString(f, "e2e.escertke.max-keys=0\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ServerConfig.load(f))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("e2e.escertke.max-keys");
    }

    @Test
    void cseBasePoliciesAreAListAndNoneByDefault() throws Exception {
        assertThat(ServerConfig.defaults().cse().cseBaseAcpi()).isEmpty();
        Path f = dir.resolve("acpi.properties");
        Files.writeString(f, "cse.acpi=cse-in/open, acp123 ,\n");
        assertThat(ServerConfig.load(f).cse().cseBaseAcpi()).containsExactly("cse-in/open", "acp123");
        Files.writeString(f, "cse.acpi=\n");
        assertThat(ServerConfig.load(f).cse().cseBaseAcpi()).isEmpty();
    }

    @Test
    void resultLimitsAreReadAndAtLeastOne() throws Exception {
        assertThat(ServerConfig.defaults().cse().limits().discoveryMaxResults()).isEqualTo(10_000);
        assertThat(ServerConfig.defaults().cse().limits().retrieveMaxChildren()).isEqualTo(1_000);
        Path f = dir.resolve("limits.properties");
        Files.writeString(f, "discovery.max-results=250\nretrieve.max-children=50\n");
        ServerConfig c = ServerConfig.load(f);
        assertThat(c.cse().limits().discoveryMaxResults()).isEqualTo(250);
        assertThat(c.cse().limits().retrieveMaxChildren()).isEqualTo(50);
        Files.writeString(f, "discovery.max-results=0\n");
        assertThatThrownBy(() -> ServerConfig.load(f)).hasMessageStartingWith("discovery.max-results must be a whole "
                + "number from 1");
        Files.writeString(f, "retrieve.max-children=many\n");
        assertThatThrownBy(() -> ServerConfig.load(f)).hasMessage("retrieve.max-children must be a whole number");
    }

    @Test
    void badValuesAreNamed() throws Exception {
        Path f = dir.resolve("bad.properties");
        Files.writeString(f, "audit.permits=yes\n");
        assertThatThrownBy(() -> ServerConfig.load(f)).hasMessage("audit.permits must be 'true' or 'false'");
        Files.writeString(f, "audit.max-bytes=10MB\n");
        assertThatThrownBy(() -> ServerConfig.load(f)).hasMessage("audit.max-bytes must be a whole number");
        Files.writeString(f, "audit.max-bytes=10\n");
        assertThatThrownBy(() -> ServerConfig.load(f)).hasMessage("audit.max-bytes must be at least 1024");
        Files.writeString(f, "admin.port=70000\n");
        assertThatThrownBy(() -> ServerConfig.load(f)).hasMessageStartingWith("admin.port must be -1");
    }

    @Test
    void doorLimitsHaveSafeDefaultsAndTheirKeysAreRead() throws Exception {
        DoorLimits d = ServerConfig.defaults().limits();
        assertThat(d.maxConnections()).isEqualTo(1024);
        assertThat(d.maxConnectionsPerAddress()).isEqualTo(64);
        assertThat(d.headTimeout()).isEqualTo(java.time.Duration.ofSeconds(20));

        Path f = dir.resolve("limits.properties");
        Files.writeString(f, """
                http.max-connections=5000
                http.max-connections-per-address=200
                http.head-timeout-s=8
                """);
        DoorLimits l = ServerConfig.load(f).limits();
        assertThat(l.maxConnections()).isEqualTo(5000);
        assertThat(l.maxConnectionsPerAddress()).isEqualTo(200);
        assertThat(l.headTimeout()).isEqualTo(java.time.Duration.ofSeconds(8));
        assertThat(ServerConfig.load(f).withHttpPort(0).limits()).isEqualTo(l);
    }

    @Test
    void badDoorLimitsAreNamed() throws Exception {
        Path f = dir.resolve("bad-limits.properties");
        Files.writeString(f, "http.max-connections=lots\n");
        assertThatThrownBy(() -> ServerConfig.load(f)).hasMessage("http.max-connections must be a whole number");
        Files.writeString(f, "http.max-connections=0\n");
        assertThatThrownBy(() -> ServerConfig.load(f)).hasMessage("http.max-connections must be at least 1");
        Files.writeString(f, "http.max-connections=10\nhttp.max-connections-per-address=11\n");
        assertThatThrownBy(() -> ServerConfig.load(f))
                .hasMessageStartingWith("http.max-connections-per-address must be 1..10");
        Files.writeString(f, "http.head-timeout-s=0\n");
        assertThatThrownBy(() -> ServerConfig.load(f)).hasMessage("http.head-timeout-s must be at least 1");
    }

    @Test
    void tokenDecryptionKeysAreRead() throws Exception {
        assertThat(ServerConfig.defaults().tokens().enabled()).isFalse();
        Path f = dir.resolve("tokens.properties");
        Files.writeString(f, """
                tokens.decryption-key=tokens
                tokens.keystore=cse-tokens.p12
                tokens.keystore-password-env=CSE_TOKENS_PW
                """);
        TokenSettings t = ServerConfig.load(f).tokens();
        assertThat(t.enabled()).isTrue();
        assertThat(t.keyAlias()).isEqualTo("tokens");
        assertThat(t.keystore()).isEqualTo(Path.of("cse-tokens.p12"));
        assertThat(t.passwordEnv()).isEqualTo("CSE_TOKENS_PW");
        // A keystore without the alias of the key is a configuration mistake, not a silent no-op.
        Files.writeString(f, "tokens.keystore=cse-tokens.p12\n");
        assertThatThrownBy(() -> ServerConfig.load(f)).hasMessageContaining("need tokens.decryption-key");
    }
}
