package io.bastion.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.cse.config.DynamicAuthorizationConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code das.*} keys of the configuration file ({@link DynamicSettings}). */
class DynamicSettingsTest {
    @TempDir
    Path dir;

    ServerConfig load(String text) throws Exception {
        Path f = dir.resolve("bastion.properties");
        Files.writeString(f, text);
        return ServerConfig.load(f);
    }

    @Test
    void withoutKeysTheDefaultsApply() throws Exception {
        assertThat(load("http.port=0\n").cse().dynamic()).isEqualTo(DynamicAuthorizationConfig.defaults());
    }

    @Test
    void everyKeyIsRead() throws Exception {
        DynamicAuthorizationConfig d = load("""
                das.default-dac=dac123
                das.timeout-ms=750
                das.breaker-failures=5
                das.breaker-cooldown-s=60
                das.refusal-ttl-s=0
                das.max-grant-s=3600
                das.issuers=http://127.0.0.1:8090/das=/id-das, https://das.example/x?a=b=/id-das2
                """).cse().dynamic();
        assertThat(d.defaultDac()).isEqualTo("dac123");
        assertThat(d.timeout()).isEqualTo(Duration.ofMillis(750));
        assertThat(d.failureThreshold()).isEqualTo(5);
        assertThat(d.coolDown()).isEqualTo(Duration.ofSeconds(60));
        assertThat(d.negativeTtl()).isZero();
        assertThat(d.maxGrant()).isEqualTo(Duration.ofHours(1));
        assertThat(d.issuerOf(URI.create("http://127.0.0.1:8090/das"))).isEqualTo("/id-das");
        assertThat(d.issuerOf(URI.create("https://das.example/x?a=b"))).isEqualTo("/id-das2");
        assertThat(d.issuerOf(URI.create("http://127.0.0.1:8090/other"))).isNull();
    }

    @Test
    void dasTlsKeysAreRead() throws Exception {
        DynamicAuthorizationConfig d = load("das.trust=das-ca.pem\ndas.client-certificate=https\n").cse().dynamic();
        assertThat(d.dasTrust()).isEqualTo(Path.of("das-ca.pem"));
        assertThat(d.dasClientCertificate()).isTrue();
        assertThat(load("das.client-certificate=none\n").cse().dynamic().dasClientCertificate()).isFalse();
        assertThatThrownBy(() -> load("das.client-certificate=yes\n")).hasMessageStartingWith(
                "das.client-certificate must be 'none' or 'https'");
    }

    @Test
    void aClientCertificateForTheDasNeedsTheHttpsKey() throws Exception {
        DynamicAuthorizationConfig d = load("das.client-certificate=https\n").cse().dynamic();
        assertThatThrownBy(() -> ClientTls.context(d, null)).hasMessageContaining("https.keystore");
        assertThat(ClientTls.context(DynamicAuthorizationConfig.defaults(), null)).as("JDK defaults").isNull();
        Files.writeString(dir.resolve("empty.pem"), "");
        assertThatThrownBy(() -> ClientTls.context(DynamicAuthorizationConfig.defaults()
                .withDasTrust(dir.resolve("empty.pem")), null)).hasMessageStartingWith("das.trust");
    }

    @Test
    void badValuesAreNamed() {
        assertThatThrownBy(() -> load("das.timeout-ms=0\n")).hasMessage("das.timeout-ms must be a positive whole number");
        assertThatThrownBy(() -> load("das.refusal-ttl-s=-1\n")).hasMessageStartingWith("das.refusal-ttl-s must be");
        assertThatThrownBy(() -> load("das.breaker-failures=many\n")).hasMessageStartingWith("das.breaker-failures");
        assertThatThrownBy(() -> load("das.issuers=http://127.0.0.1/das\n")).hasMessageContaining("URI=issuer");
        assertThatThrownBy(() -> load("das.issuers=ftp://x/das=/id-das\n")).hasMessageContaining("http or https");
        assertThatThrownBy(() -> load("das.unknown=1\n")).hasMessageContaining("unknown configuration key 'das.unknown'");
    }
}
