package io.bastion.bindings.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.core.codec.Serialization;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** TS-0010 6.4.2-6.4.4 topic names and 6.6 points of access, as tables. */
class MqttTopicsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // ID | level (6.4.2: leading "/" omitted, other "/" as ":"; Mcc': leading "//" as ":")
            "/id-in|id-in",
            "/id-mn/Cae1|id-mn:Cae1",
            "Cae1|Cae1",
            "CAE01|CAE01",
            "Sae2|Sae2",
            "//sp.example/id-in|:sp.example:id-in"})
    void anIdAndItsTopicLevelAreEachOthersImage(String id, String level) {
        assertThat(MqttTopics.level(id)).isEqualTo(level);
        assertThat(MqttTopics.id(level)).isEqualTo(id);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // topic | kind | originator | receiver | type | response topic
            "/oneM2M/req/Cae1/id-in/json|req|Cae1|id-in|json|/oneM2M/resp/Cae1/id-in/json",
            "/oneM2M/req/id-mn/id-in/cbor|req|id-mn|id-in|cbor|/oneM2M/resp/id-mn/id-in/cbor",
            "/oneM2M/reg_req/cred-7/id-in/xml|reg_req|cred-7|id-in|xml|/oneM2M/reg_resp/cred-7/id-in/xml",
            "/oneM2M/req/Cae1/id-in/yaml|req|Cae1|id-in|yaml|/oneM2M/resp/Cae1/id-in/yaml"})
    void aRequestTopicIsSplitAndAnsweredOnItsResponseTopic(String topic, String kind, String originator,
                                                          String receiver, String type, String response) {
        MqttTopics.RequestTopic t = MqttTopics.parseRequest(topic).orElseThrow();
        assertThat(t.kind()).isEqualTo(kind);
        assertThat(t.originator()).isEqualTo(originator);
        assertThat(t.receiver()).isEqualTo(receiver);
        assertThat(t.type()).isEqualTo(type);
        assertThat(t.responseTopic(type)).isEqualTo(response);
        assertThat(t.registration()).isEqualTo(kind.equals("reg_req"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/oneM2M/req/Cae1/id-in", "/oneM2M/req/Cae1/id-in/json/extra", "/oneM2M/req//id-in/json",
            "/oneM2M/resp/Cae1/id-in/json", "oneM2M/req/Cae1/id-in/json", "/onem2m/req/Cae1/id-in/json",
            "/oneM2M/req/Cae1//json", "/oneM2M/other/Cae1/id-in/json"})
    void anythingElseIsNoRequestTopic(String topic) {
        assertThat(MqttTopics.parseRequest(topic)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/id-in|Cae1|JSON|/oneM2M/req/id-in/Cae1/json",
            "/id-in|/id-mn|CBOR|/oneM2M/req/id-in/id-mn/cbor"})
    void theCseAddressesARequest(String from, String to, Serialization s, String topic) {
        assertThat(MqttTopics.request(from, to, s)).isEqualTo(topic);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "tcp://127.0.0.1:1884|127.0.0.1|1884|false|mqtt://127.0.0.1:1884",
            "ssl://broker.example|broker.example|8883|true|mqtts://broker.example:8883",
            "mqtt://broker.example|broker.example|1883|false|mqtt://broker.example:1883",
            "mqtts://[::1]:8884|::1|8884|true|mqtts://[::1]:8884"})
    void theBrokersUrl(String url, String host, int port, boolean tls, String poa) {
        MqttClientSettings s = MqttClientSettings.of(url, "id-in");
        assertThat(s.host()).isEqualTo(host);
        assertThat(s.port()).isEqualTo(port);
        assertThat(s.tls()).isEqualTo(tls);
        assertThat(s.pointOfAccess()).isEqualTo(poa);
        assertThat(s.toString()).contains("password=none");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://broker:1883", "tcp://user:pw@broker:1883", "tcp://broker:1883/topic",
            "tcp://broker:1883?x=1", "broker:1883", "tcp://:1883", "tcp://broker:70000"})
    void aBrokerUrlThatIsNotTcpOrSslHostPortIsRefusedNamingTheSetting(String url) {
        assertThatThrownBy(() -> MqttClientSettings.of(url, "id-in")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mqtt.url");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Cae1", "id-in", "id-in:Cae1"})
    void aPlainLevelHasNoWildcardNorSeparator(String level) {
        assertThat(MqttTopics.isPlainLevel(level)).isTrue();
        assertThat(MqttTopics.isPlainLevel(level + "+")).isFalse();
        assertThat(MqttTopics.isPlainLevel(level + "/x")).isFalse();
        assertThat(MqttTopics.isPlainLevel(level + "#")).isFalse();
    }
}
