package io.bastion.bindings.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Tokens parameter in {@code Authorization} (TS-0009 6.4.19) and assigned token IDs in {@code X-M2M-ATI} (6.4.18). */
class TokenHeadersTest {

    @Test
    void tokensAreJoinedByPlusWithInsignificantWhitespace() {
        assertThat(RequestMapper.tokens("aaa.bbb.ccc+ ddd.eee.fff.ggg.hhh"))
                .containsExactly("aaa.bbb.ccc", "ddd.eee.fff.ggg.hhh");
        assertThat(RequestMapper.tokens("aaa.bbb.ccc")).containsExactly("aaa.bbb.ccc");
    }

    @Test
    void aBearerSchemeIsAcceptedAndOthersAreRefused() {
        assertThat(RequestMapper.tokens("Bearer aaa.bbb.ccc")).containsExactly("aaa.bbb.ccc");
        assertThatThrownBy(() -> RequestMapper.tokens("Basic dXNlcjpwYXNz"))
                .isInstanceOf(OneM2MException.class).hasMessageContaining("scheme");
    }

    @Test
    void malformedOrTooManyTokensAre4000() {
        assertThatThrownBy(() -> RequestMapper.tokens("a.b.c+x y{z}")).isInstanceOf(OneM2MException.class);
        assertThatThrownBy(() -> RequestMapper.tokens(" + ")).isInstanceOf(OneM2MException.class);
        assertThatThrownBy(() -> RequestMapper.tokens("a.b.c+".repeat(RequestMapper.MAX_TOKENS + 1)))
                .isInstanceOf(OneM2MException.class).hasMessageContaining("more than");
    }

    @Test
    void assignedTokenIdsAreLtiColonTkidJoinedByPlus() {
        Response r = Response.of(ResponseStatusCode.OK, null).withAti(List.of(
                new Response.LocalTokenId("l1", "tk1@das.example"), new Response.LocalTokenId("l2", "tk2@das.example")));
        assertThat(ResponseEncoder.assignedTokenIds(r)).isEqualTo("l1:tk1@das.example+l2:tk2@das.example");
    }
}
