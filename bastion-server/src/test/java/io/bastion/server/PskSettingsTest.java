package io.bastion.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** psk.source and its keys: file by default, the HTTPS door's variables reused, misplaced keys refused. */
class PskSettingsTest {
    @TempDir
    Path dir;

    private PskSettings load(String text) throws Exception {
        return ServerConfig.load(Files.writeString(dir.resolve("bastion.properties"), text)).psk();
    }

    @Test
    void theFileSourceIsTheDefaultSoThatExistingInstallsKeepTheirKeys() throws Exception {
        PskSettings d = load("psk.port=8443\n");
        assertThat(d).isEqualTo(ServerConfig.defaults().psk());
        assertThat(d.source()).isEqualTo(PskSettings.Source.FILE);
    }

    @Test
    void theKeystoreSourceDefaultsToAFileInTheDataFolderAndTheHttpsPasswordVariable() throws Exception {
        PskSettings k = load("psk.source=keystore\nhttps.keystore-password-env=MY_P12_PW\n");
        assertThat(k.keystoreIn(Path.of("/srv/data"))).isEqualTo(Path.of("/srv/data/credentials/psk.p12"));
        assertThat(k.keystorePasswordEnv()).isEqualTo("MY_P12_PW");
        PskSettings own = load("psk.source=keystore\npsk.keystore=/etc/bastion/psk.p12\n"
                + "psk.keystore-password-env=PSK_PW\nhttps.keystore-password-env=MY_P12_PW\n");
        assertThat(own.keystoreIn(Path.of("/srv/data"))).isEqualTo(Path.of("/etc/bastion/psk.p12"));
        assertThat(own.keystorePasswordEnv()).isEqualTo("PSK_PW");
    }

    @Test
    void theTokenSourceNeedsAConfigurationOfItsOwnAndReusesTheHttpsPinVariable() throws Exception {
        PskSettings t = load("psk.source=pkcs11\npsk.pkcs11-config=/etc/bastion/psk-token.cfg\n"
                + "https.pkcs11-config=/etc/bastion/https-token.cfg\nhttps.pkcs11-key-alias=k\n"
                + "https.pkcs11-pin-env=TOKEN_PIN\n");
        assertThat(t.pkcs11Config()).isEqualTo(Path.of("/etc/bastion/psk-token.cfg"));
        assertThat(t.pkcs11PinEnv()).isEqualTo("TOKEN_PIN");
        assertThat(load("psk.source=pkcs11\npsk.pkcs11-config=/t.cfg\n").pkcs11PinEnv())
                .isEqualTo("BASTION_PKCS11_PIN");
        assertThatThrownBy(() -> load("psk.source=pkcs11\n")).hasMessageContaining("psk.pkcs11-config");
    }

    @Test
    void keysOfAnotherSourceAreRefusedRatherThanIgnored() {
        assertThatThrownBy(() -> load("psk.keystore=/x.p12\n")).hasMessageContaining("psk.source=keystore");
        assertThatThrownBy(() -> load("psk.source=keystore\npsk.pkcs11-pin-env=X\n"))
                .hasMessageContaining("psk.source=pkcs11");
        assertThatThrownBy(() -> load("psk.source=File\n")).hasMessageContaining("'file', 'keystore' or 'pkcs11'");
        assertThatThrownBy(() -> load("psk.keystore-password-env= \npsk.source=keystore\n"))
                .hasMessageContaining("psk.keystore-password-env");
    }
}
