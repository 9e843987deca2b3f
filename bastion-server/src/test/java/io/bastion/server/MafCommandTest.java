package io.bastion.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.trust.maf.MafSettings;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * {@code ./bastion maf run}'s options for the MAF Handshake with certificates (both or neither) and for the MEF whose
 * KmIDs it resolves (all three or none).
 */
class MafCommandTest {
    static final List<String> BASE = List.of("--fqdn", "maf.example", "--admin-fqdn", "sp.example");

    @Test
    void keystoreAndAliasTogetherServeCertificates() {
        MafSettings s = MafCommand.parse(concat(BASE, List.of("--keystore", "maf-tls.p12", "--tls-alias", "tls")));
        assertThat(s.tlsKeystore()).isEqualTo(Path.of("maf-tls.p12"));
        assertThat(s.tlsAlias()).isEqualTo("tls");
        MafSettings pskOnly = MafCommand.parse(BASE);
        assertThat(pskOnly.tlsKeystore()).isNull();
        assertThat(pskOnly.tlsAlias()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--keystore maf-tls.p12            | --keystore FILE.p12 and --tls-alias ALIAS",
        "--tls-alias tls                   | --keystore FILE.p12 and --tls-alias ALIAS",
        "--keystore                        | --keystore",
    })
    void oneWithoutTheOtherIsAUsageError(String options, String message) {
        assertThatThrownBy(() -> MafCommand.parse(concat(BASE, List.of(options.split(" ")))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void theMefOptionsMakeTheMafResolveMefProvisionedKmIds() {
        MafSettings s = MafCommand.parse(concat(BASE, List.of("--mef-url", "https://127.0.0.1:8095", "--mef-fqdn",
                "mef.example", "--mef-psk-identity", "kpm-maf@mef.example")));
        assertThat(s.mef().url()).isEqualTo("https://127.0.0.1:8095");
        assertThat(s.mef().fqdn()).isEqualTo("mef.example");
        assertThat(s.mef().pskIdentity()).isEqualTo("kpm-maf@mef.example");
        assertThat(MafCommand.parse(BASE).mef()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--mef-fqdn mef.example                                                  | need --mef-url",
        "--mef-url http://127.0.0.1:8095 --mef-fqdn mef.example --mef-psk-identity k@mef.example | --mef-url must be",
        "--mef-url https://127.0.0.1:8095 --mef-psk-identity k@mef.example       | --mef-fqdn must be",
        "--mef-url https://127.0.0.1:8095 --mef-fqdn MEF --mef-psk-identity k@mef.example | --mef-fqdn must be",
        "--mef-url https://127.0.0.1:8095 --mef-fqdn mef.example                 | --mef-psk-identity must be",
        "--mef-url https://127.0.0.1:8095 --mef-fqdn mef.example --mef-psk-identity kpm-maf | --mef-psk-identity",
        "--mef-url https://127.0.0.1:8095 --mef-fqdn maf.example --mef-psk-identity k@mef.example | must differ",
    })
    void anIncompleteOrMalformedMefIsAUsageError(String options, String message) {
        assertThatThrownBy(() -> MafCommand.parse(concat(BASE, List.of(options.trim().split(" +")))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void theUsageNamesTheOptions() {
        assertThat(MafCommand.USAGE).contains("--keystore FILE.p12 --tls-alias ALIAS", "BASTION_MAF_KEYSTORE_PASSWORD",
                "cert bind --subject CREDENTIAL-ID", "--mef-url https://HOST:PORT --mef-fqdn MEF-FQDN --mef-psk-identity KPMID",
                "--ae /MAF-FQDN");
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
