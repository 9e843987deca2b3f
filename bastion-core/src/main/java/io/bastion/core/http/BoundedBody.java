package io.bastion.core.http;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects an HTTP response body up to a limit, for the JDK HttpClient. The peers the CSE calls (notification
 * receivers, a DAS) are not trusted: an endless or huge answer must not fill the CSE's memory. Past the limit the
 * body is abandoned, and it either reads as empty ({@link #orEmpty}) or fails with {@link TooLarge}
 * ({@link #orFail}).
 */
public final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final int limit;
    private final boolean fail;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private Flow.Subscription subscription;
    private byte[] buf = new byte[256];
    private int len;

    private BoundedBody(int limit, boolean fail) {
        if (limit < 0) {
            throw new IllegalArgumentException("a body limit must not be negative");
        }
        this.limit = limit;
        this.fail = fail;
    }

    /** A body past {@code limit} bytes reads as empty (the answer's content does not matter, only its status). */
    public static HttpResponse.BodyHandler<byte[]> orEmpty(int limit) {
        return info -> new BoundedBody(limit, false);
    }

    /** A body past {@code limit} bytes fails the exchange with {@link TooLarge}. */
    public static HttpResponse.BodyHandler<byte[]> orFail(int limit) {
        return info -> new BoundedBody(limit, true);
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer b : items) {
            int n = b.remaining();
            if (n > limit - len) {
                subscription.cancel();
                if (fail) {
                    result.completeExceptionally(new TooLarge(limit));
                } else {
                    result.complete(new byte[0]);
                }
                return;
            }
            if (len + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.min(limit, Math.max(len + n, buf.length * 2)));
            }
            b.get(buf, len, n);
            len += n;
        }
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        result.complete(Arrays.copyOf(buf, len));
    }

    /** The body went past the limit of {@link #orFail}. */
    public static final class TooLarge extends IOException {
        private final int limit;

        TooLarge(int limit) {
            super("body larger than " + limit + " bytes", null);
            this.limit = limit;
        }

        /** The limit the body went past. */
        public int limit() {
            return limit;
        }
    }
}
