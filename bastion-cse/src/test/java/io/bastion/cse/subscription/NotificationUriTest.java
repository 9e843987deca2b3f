package io.bastion.cse.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.core.codec.Serialization;
import io.bastion.core.primitive.OneM2MException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The ct= serialization indication of a notificationURI (TS-0004 table 7.4.8.1-3). */
class NotificationUriTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "http://h/n|http://h/n|-",
            "http://h/n?ct=json|http://h/n|JSON",
            "http://h/n?ct=cbor|http://h/n|CBOR",
            "https://h:1/n?ct=xml|https://h:1/n|XML",
            "http://h/n?q=true&ct=cbor|http://h/n?q=true|CBOR",
            "http://h/n?ct=cbor&q=1|http://h/n?q=1|CBOR",
            "http://h/n?q=1|http://h/n?q=1|-",
            "http://h/n?ct=cbor#frag|http://h/n#frag|CBOR",
            "http://h/n?act=json|http://h/n?act=json|-",
            // the indication applies only to URL targets: a resource ID is left as it is
            "cse-in/ae2?ct=xml|cse-in/ae2?ct=xml|-",
            "Cae1|Cae1|-"})
    void theIndicationIsTakenOutOfTheTarget(String nu, String target, Serialization ct) {
        NotificationUri u = NotificationUri.parse(nu);
        assertThat(u.target()).isEqualTo(target);
        assertThat(u.ct()).isEqualTo(ct);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://h/n?ct=yaml", "http://h/n?ct=JSON", "http://h/n?ct=", "http://h/n?ct=json&ct=cbor",
            "http://h/n?ct=application/json"})
    void aMalformedIndicationIsABadRequest(String nu) {
        assertThatThrownBy(() -> NotificationUri.parse(nu)).isInstanceOf(OneM2MException.class)
                .hasMessageContaining("serialization (ct)");
    }
}
