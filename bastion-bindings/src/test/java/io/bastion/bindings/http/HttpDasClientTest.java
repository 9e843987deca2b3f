package io.bastion.bindings.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.bastion.cse.dynamic.DasFailure;
import java.net.URI;
import java.time.Duration;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class HttpDasClientTest {

    @Test
    void tlsFailuresAreSaidInWordsNotInTheJdksClassNames() {
        assertThat(HttpDasClient.tlsReason(new SSLHandshakeException("PKIX path building failed: "
                + "sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification "
                + "path to requested target"))).doesNotContain("sun.", "Exception").contains("das.trust");
        assertThat(HttpDasClient.tlsReason(new SSLHandshakeException("Received fatal alert: bad_certificate")))
                .contains("alert bad_certificate");
        assertThat(HttpDasClient.tlsReason(new SSLHandshakeException("No subject alternative names matching IP "
                + "address 127.0.0.1 found"))).contains("does not name the address");
        assertThat(HttpDasClient.tlsReason(new SSLHandshakeException(null))).isNotBlank();
    }

    @Test
    void anUnreachableDasIsSaidInWords() {
        try (HttpDasClient client = new HttpDasClient()) {
            assertThatThrownBy(() -> client.notify(URI.create("http://127.0.0.1:1/das"), "/id-in",
                    JsonNodeFactory.instance.objectNode(), Duration.ofSeconds(5)))
                    .isInstanceOf(DasFailure.class)
                    .hasMessageContaining("could not be reached: the connection was refused")
                    .hasMessageNotContaining("Exception");
        }
    }
}
