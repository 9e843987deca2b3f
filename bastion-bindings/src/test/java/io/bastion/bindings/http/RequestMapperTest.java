package io.bastion.bindings.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bastion.core.codec.Codecs;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Request;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The HTTP-to-primitive mapping without a socket. */
class RequestMapperTest {
    final RequestMapper mapper = new RequestMapper(new Codecs());

    static FullHttpRequest http(HttpMethod m, String uri, String body) {
        FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, m, uri,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        r.headers().set("X-M2M-RI", "r1");
        return r;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "application/json; ty=3                 | 3",
        "application/vnd.onem2m-res+json;ty=23  | 23",
        "application/json; charset=utf-8; TY=2  | 2",
        "application/json; ty=\"4\"             | 4"
    })
    void readsTyFromContentType(String contentType, int ty) {
        assertThat(RequestMapper.resourceTypeParameter(contentType)).isEqualTo(ty);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/json; charset=utf-8", "application/json; tyx=3"})
    void noTyMeansNone(String contentType) {
        assertThat(RequestMapper.resourceTypeParameter(contentType)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json; ty=", "application/json; ty=0", "application/json; ty=abc",
        "application/json; ty=-3"})
    void badTyIsRefused(String contentType) {
        assertThatThrownBy(() -> RequestMapper.resourceTypeParameter(contentType))
                .isInstanceOf(OneM2MException.class).hasMessageContaining("ty");
    }

    @Test
    void bodyOnGetIsIgnored() {
        FullHttpRequest r = http(HttpMethod.GET, "/cse-in", "not json at all");
        try {
            Request rq = mapper.map(r);
            assertThat(rq.op()).isEqualTo(Operation.RETRIEVE);
            assertThat(rq.pc()).isNull();
        } finally {
            r.release();
        }
    }

    @Test
    void emptyRequestIdentifierCountsAsMissing() {
        FullHttpRequest r = http(HttpMethod.GET, "/cse-in", "");
        r.headers().set("X-M2M-RI", "");
        try {
            assertThatThrownBy(() -> mapper.map(r)).hasMessageContaining("X-M2M-RI");
        } finally {
            r.release();
        }
    }

    @Test
    void headerNamesMatchInAnyCase() {
        assertThat(M2mHeader.of("x-m2m-origin")).isEqualTo(M2mHeader.ORIGIN);
        assertThat(M2mHeader.of("X-M2M-RI")).isEqualTo(M2mHeader.RI);
        assertThat(M2mHeader.of("X-m2m-Rvi")).isEqualTo(M2mHeader.RVI);
        assertThat(M2mHeader.of("X-M2M-Unknown")).isNull();
        assertThat(M2mHeader.of("Content-Type")).isNull();
        assertThat(M2mHeader.of("X-")).isNull();
    }
}
