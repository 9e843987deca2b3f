package io.bastion.core.primitive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a request shows when something prints it. */
class RequestTest {

    @Test
    void itsTextNamesTheRequestButNeverItsContentNorItsTokens() throws Exception {
        Request rq = Request.builder(Operation.CREATE, "cse-in/n").fr("Cop").rqi("r1").rvi("3").ty(13)
                .pc(new ObjectMapper().readTree("{\"dcfg:autp\":{\"skv\":\"c2VjcmV0LWtleS1ieXRlcy0xMjM0NTY=\"}}"))
                .tkns(List.of("eyJhbGciOiJFUzI1NiJ9.secret-token.sig"))
                .build();

        assertThat(rq.toString()).contains("op=CREATE", "to=cse-in/n", "fr=Cop", "rqi=r1", "ty=13", "pc=present",
                "tkns=1").doesNotContain("c2VjcmV0").doesNotContain("skv").doesNotContain("secret-token");
    }
}
