package io.bastion.cse.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.ResponseStatusCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What a received NOTIFY may carry (TS-0004 table 7.5.1.1-2, tables 6.3.5.12-1 and 6.3.5.13-1, 7.5.1.2.3). */
class NotificationContentTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String s) {
        try {
            return JSON.readTree(s.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{'m2m:sgn':{'sur':'/id-in/sub1'}}",
            "{'m2m:sgn':{'nev':{'rep':{'m2m:cin':{'con':'x'}},'net':3},'sur':'/id-in/sub1','cr':'Cae'}}",
            "{'m2m:sgn':{'nev':{'net':1,'om':{'op':2,'or':'Cae'}},'sur':'/id-in/sub1'}}",
            "{'m2m:sgn':{'vrq':true,'sur':'/id-in/sub1','cr':'Cae'}}",
            "{'m2m:sgn':{'sud':true,'sur':'/id-in/sub1'}}",
            "{'m2m:sgn':{'sur':'s','nfu':'http://x','ntt':'Cx','trr':false,'tra':true,'aerp':false,'aerid':false,"
                    + "'tid1':'a','tid2':'b','idr':{'or':'Cae','fc':{'ty':[4]}}}}",
            "{'m2m:agn':{'m2m:sgn':[{'sur':'s1','nev':{'net':3}},{'sud':true,'sur':'s2'}]}}"})
    void notificationsAreAccepted(String content) {
        assertThatCode(() -> NotificationContent.check(json(content))).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "{'m2m:ae':{'rn':'foo'}}|m2m:ae",
            "{}|one object",
            "[]|one object",
            "'notification'|one object",
            "{'m2m:sgn':{'sur':'s'},'m2m:agn':{}}|one object",
            "{'m2m:sgn':'x'}|must be an object",
            "{'m2m:sgn':{'nev':{'net':3}}}|mandatory element sur",
            "{'m2m:sgn':{'sur':''}}|sur must be a non-empty string",
            "{'m2m:sgn':{'sur':5}}|sur must be",
            "{'m2m:sgn':{'sur':'s','foo':1}}|unknown element foo",
            "{'m2m:sgn':{'sur':'s','sud':'true'}}|sud must be a boolean",
            "{'m2m:sgn':{'sur':'s','nev':{}}}|mandatory element net",
            "{'m2m:sgn':{'sur':'s','nev':{'net':9}}}|not a notificationEventType",
            "{'m2m:sgn':{'sur':'s','nev':{'net':'3'}}}|net must be an integer",
            "{'m2m:sgn':{'sur':'s','nev':{'net':1,'x':1}}}|unknown element x",
            "{'m2m:sgn':{'sur':'s','nev':{'net':1,'om':{'op':2}}}}|mandatory element or",
            "{'m2m:sgn':{'sur':'s','nev':{'net':1,'om':{'op':9,'or':'C'}}}}|not an operation",
            "{'m2m:sgn':{'sur':'s','idr':{'or':'C'}}}|mandatory element fc",
            "{'m2m:sgn':{'vrq':true,'sur':'s'}}|creator (cr)",
            "{'m2m:sgn':{'sur':'s','cr':''}}|cr must be a non-empty string",
            "{'m2m:agn':{'m2m:sgn':[]}}|one or more",
            "{'m2m:agn':{'m2m:sgn':{'sur':'s'}}}|one or more",
            "{'m2m:agn':{'sgn':[{'sur':'s'}]}}|one or more",
            "{'m2m:agn':{'m2m:sgn':[{'sur':'s'},{'nev':{'net':1}}]}}|m2m:agn.m2m:sgn[1] lacks"})
    void anythingElseIsABadRequestNamingTheProblem(String content, String message) {
        assertThatThrownBy(() -> NotificationContent.check(json(content)))
                .isInstanceOfSatisfying(OneM2MException.class,
                        e -> assertThat(e.status()).isEqualTo(ResponseStatusCode.BAD_REQUEST))
                .hasMessageContaining(message);
    }

    /** End-to-end content only its receiver can check (TS-0004 7.5.1.2.12/13): relayed as it is, whatever sit. */
    @ParameterizedTest
    @ValueSource(strings = {"{'m2m:seci':{'sit':6,'eckm':'FgMDAAEB'}}", "{'m2m:seci':{'sit':5,'epo':'a.b.c.d.e'}}",
            "{'m2m:seci':{'sit':1}}", "{'m2m:seci':{}}"})
    void securityInfoIsAccepted(String content) {
        assertThat(NotificationContent.isSecurityInfo(json(content))).isTrue();
        assertThatCode(() -> NotificationContent.check(json(content))).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{'m2m:seci':'x'}", "{'m2m:seci':[]}", "{'m2m:seci':{'sit':6},'m2m:sgn':{'sur':'s'}}"})
    void securityInfoThatIsNoObjectIsABadRequest(String content) {
        assertThat(NotificationContent.isSecurityInfo(json(content))).isFalse();
        assertThatThrownBy(() -> NotificationContent.check(json(content)))
                .isInstanceOfSatisfying(OneM2MException.class,
                        e -> assertThat(e.status()).isEqualTo(ResponseStatusCode.BAD_REQUEST));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{'m2m:rsp':{'rsc':2000,'rqi':'r1'}}"})
    void responsePrimitivesAreNotImplemented(String content) {
        assertThatThrownBy(() -> NotificationContent.check(json(content)))
                .isInstanceOfSatisfying(OneM2MException.class,
                        e -> assertThat(e.status()).isEqualTo(ResponseStatusCode.NOT_IMPLEMENTED));
    }

    @Test
    void aMissingContentIsABadRequest() {
        assertThatThrownBy(() -> NotificationContent.check(null)).isInstanceOf(OneM2MException.class)
                .hasMessageContaining("must carry a notification");
    }
}
