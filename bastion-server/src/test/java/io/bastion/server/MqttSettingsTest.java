package io.bastion.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.bindings.mqtt.MqttClientSettings;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The mqtt.* keys: what they make of the client, and each refusal naming its key. */
class MqttSettingsTest {

    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    @Test
    void withoutAUrlThereIsNoDoor() {
        MqttSettings s = MqttSettings.load(props());
        assertThat(s.enabled()).isFalse();
        assertThat(s.client("/id-in", 1000, k -> null, null)).isNull();
    }

    @Test
    void theClientIsTheCseIdsTopicLevelWithThePasswordFromTheEnvironment() {
        MqttSettings s = MqttSettings.load(props("mqtt.url", "tcp://broker.example", "mqtt.username", "cse",
                "mqtt.password-env", "MQTT_PW", "mqtt.max-payload", "4096"));
        MqttClientSettings c = s.client("/id-mn", 1000, Map.of("MQTT_PW", "s3cret")::get, null);
        assertThat(c.clientId()).isEqualTo("id-mn");
        assertThat(c.port()).isEqualTo(1883);
        assertThat(c.username()).isEqualTo("cse");
        assertThat(new String(c.password())).isEqualTo("s3cret");
        assertThat(c.maxPayload()).isEqualTo(4096);
        assertThat(c.toString()).doesNotContain("s3cret");
        assertThat(MqttSettings.load(props("mqtt.url", "tcp://b")).client("/id-in", 1000, k -> null, null)
                .maxPayload()).isEqualTo(1000);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "mqtt.client-id=x|mqtt.client-id is set without mqtt.url",
            "mqtt.url=tcp://b;mqtt.client-certificate=yes|mqtt.client-certificate must be",
            "mqtt.url=tcp://b;mqtt.max-payload=-1|mqtt.max-payload",
            "mqtt.url=tcp://b;mqtt.password-env=NOPE;mqtt.username=u|NOPE, which is not set",
            "mqtt.url=tcp://b;mqtt.password-env=PW|mqtt.password-env needs mqtt.username",
            "mqtt.url=tcp://b;mqtt.trust=/ca.pem|need an ssl:// mqtt.url",
            "mqtt.url=ssl://b;mqtt.client-certificate=https|needs the HTTPS door's key",
            "mqtt.url=http://b|mqtt.url must be tcp://host:port"})
    void aSettingThatDoesNotFitIsRefusedNamingIt(String settings, String message) {
        Properties p = new Properties();
        for (String kv : settings.split(";")) {
            String[] x = kv.split("=", 2);
            p.setProperty(x[0], x[1]);
        }
        assertThatThrownBy(() -> MqttSettings.load(p).client("/id-in", 1000, Map.of("PW", "x")::get, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }
}
