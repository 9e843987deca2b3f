package io.bastion.bindings.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.network.Exchange;
import org.eclipse.californium.core.network.KeyMID;
import org.junit.jupiter.api.Test;

/** The three bounds of the CoAP doors' deduplication, and that within them a duplicate finds the first exchange. */
class BoundedDeduplicatorTest {
    private static final InetSocketAddress A = new InetSocketAddress("192.0.2.1", 5683);
    private static final InetSocketAddress B = new InetSocketAddress("192.0.2.2", 5683);

    private static Exchange exchange(InetSocketAddress peer) {
        return new Exchange(new Request(CoAP.Code.POST), peer, Exchange.Origin.REMOTE, Runnable::run);
    }

    @Test
    void aDuplicateFindsTheFirstExchangeAndIsNotRemembered() {
        BoundedDeduplicator d = new BoundedDeduplicator(Duration.ofMinutes(1), 4, 8);
        Exchange first = exchange(A);
        assertThat(d.findPrevious(new KeyMID(7, A), first)).isNull();
        assertThat(d.findPrevious(new KeyMID(7, A), exchange(A))).isSameAs(first);
        assertThat(d.find(new KeyMID(7, A))).isSameAs(first);
        // the same message ID from another peer is another message
        assertThat(d.findPrevious(new KeyMID(7, B), exchange(B))).isNull();
        assertThat(d.size()).isEqualTo(2);
    }

    @Test
    void aPeerKeepsOnlyItsLatestMessagesWithoutEvictingOthers() {
        BoundedDeduplicator d = new BoundedDeduplicator(Duration.ofMinutes(1), 3, 100);
        Exchange ofB = exchange(B);
        d.findPrevious(new KeyMID(1, B), ofB);
        for (int mid = 1; mid <= 5; mid++) {
            assertThat(d.findPrevious(new KeyMID(mid, A), exchange(A))).isNull();
        }
        assertThat(d.find(new KeyMID(1, A))).isNull();
        assertThat(d.find(new KeyMID(2, A))).isNull();
        assertThat(d.find(new KeyMID(3, A))).isNotNull();
        assertThat(d.find(new KeyMID(5, A))).isNotNull();
        assertThat(d.find(new KeyMID(1, B))).isSameAs(ofB);
        assertThat(d.size()).isEqualTo(4);
    }

    @Test
    void manyPeersTogetherKeepAtMostTheTotalOldestGoingFirst() {
        BoundedDeduplicator d = new BoundedDeduplicator(Duration.ofMinutes(1), 2, 10);
        for (int port = 1; port <= 50; port++) {
            InetSocketAddress peer = new InetSocketAddress("198.51.100.7", port);
            d.findPrevious(new KeyMID(1, peer), exchange(peer));
            assertThat(d.size()).isLessThanOrEqualTo(10);
        }
        assertThat(d.find(new KeyMID(1, new InetSocketAddress("198.51.100.7", 40)))).isNull();
        assertThat(d.find(new KeyMID(1, new InetSocketAddress("198.51.100.7", 41)))).isNotNull();
        assertThat(d.find(new KeyMID(1, new InetSocketAddress("198.51.100.7", 50)))).isNotNull();
    }

    @Test
    void aMessageOlderThanTheLifetimeIsForgotten() throws InterruptedException {
        BoundedDeduplicator d = new BoundedDeduplicator(Duration.ofMillis(1), 10, 10);
        d.findPrevious(new KeyMID(1, A), exchange(A));
        Thread.sleep(20);
        d.findPrevious(new KeyMID(2, B), exchange(B));
        assertThat(d.find(new KeyMID(1, A))).isNull();
        assertThat(d.findPrevious(new KeyMID(1, A), exchange(A))).as("a new message again").isNull();
    }

    @Test
    void aReplacedExchangeIsFoundInsteadOfTheFirst() {
        BoundedDeduplicator d = new BoundedDeduplicator(Duration.ofMinutes(1), 2, 10);
        Exchange first = exchange(A);
        Exchange second = exchange(A);
        d.findPrevious(new KeyMID(9, A), first);
        assertThat(d.replacePrevious(new KeyMID(9, A), exchange(A), second)).as("not the remembered one").isFalse();
        assertThat(d.replacePrevious(new KeyMID(9, A), first, second)).isTrue();
        assertThat(d.find(new KeyMID(9, A))).isSameAs(second);
        // the replacement counts once towards the peer's bound
        d.findPrevious(new KeyMID(10, A), exchange(A));
        assertThat(d.find(new KeyMID(9, A))).isSameAs(second);
        assertThat(d.size()).isEqualTo(2);
    }

    @Test
    void clearForgetsEverythingAndBadBoundsAreRefused() {
        BoundedDeduplicator d = new BoundedDeduplicator(Duration.ofMinutes(1), 2, 10);
        d.findPrevious(new KeyMID(1, A), exchange(A));
        d.clear();
        assertThat(d.isEmpty()).isTrue();
        assertThatThrownBy(() -> new BoundedDeduplicator(Duration.ZERO, 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BoundedDeduplicator(Duration.ofSeconds(1), 5, 4))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
