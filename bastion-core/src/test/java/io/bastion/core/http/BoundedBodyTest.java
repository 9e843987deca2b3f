package io.bastion.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

class BoundedBodyTest {
    private static final Flow.Subscription NONE = new Flow.Subscription() {
        @Override
        public void request(long n) {
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    };
    private static boolean cancelled;

    private static HttpResponse.BodySubscriber<byte[]> feed(HttpResponse.BodyHandler<byte[]> h, String... parts) {
        cancelled = false;
        HttpResponse.BodySubscriber<byte[]> s = h.apply(null);
        s.onSubscribe(NONE);
        for (String p : parts) {
            s.onNext(List.of(ByteBuffer.wrap(p.getBytes(StandardCharsets.US_ASCII))));
        }
        s.onComplete();
        return s;
    }

    @Test
    void collectsABodyWithinTheLimitInPieces() throws Exception {
        String big = "x".repeat(300); // past the first buffer
        byte[] body = feed(BoundedBody.orFail(1000), "ab", big, "cd").getBody().toCompletableFuture().get();
        assertThat(new String(body, StandardCharsets.US_ASCII)).isEqualTo("ab" + big + "cd");
        assertThat(cancelled).isFalse();
    }

    @Test
    void aBodyExactlyAtTheLimitIsKept() throws Exception {
        assertThat(feed(BoundedBody.orEmpty(4), "ab", "cd").getBody().toCompletableFuture().get()).hasSize(4);
    }

    @Test
    void pastTheLimitOrEmptyReadsAsEmptyAndCancels() throws Exception {
        byte[] body = feed(BoundedBody.orEmpty(4), "abc", "de").getBody().toCompletableFuture().get();
        assertThat(body).isEmpty();
        assertThat(cancelled).isTrue();
    }

    @Test
    void pastTheLimitOrFailFailsWithTooLargeAndCancels() {
        var f = feed(BoundedBody.orFail(4), "abc", "de").getBody().toCompletableFuture();
        assertThatThrownBy(f::get).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(BoundedBody.TooLarge.class).hasMessageContaining("4 bytes");
        assertThat(cancelled).isTrue();
    }
}
