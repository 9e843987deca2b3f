package io.bastion.bindings.http;

import io.bastion.core.log.RateLimitedLog;
import io.netty.channel.Channel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.LoggerFactory;

/**
 * How many connections the doors that share this object hold open at once: at most {@code max} in all and
 * {@code maxPerAddress} from one IP address. A connection beyond either is closed as soon as it is accepted, before
 * any TLS handshake or request, so idle or slow connections cannot exhaust the server's sockets and memory. Give the
 * same instance to every door of a server (HTTP, HTTPS, TLS-PSK) for one budget. Thread-safe.
 */
public final class ConnectionLimits {
    public static final int DEFAULT_MAX = 1024;
    public static final int DEFAULT_MAX_PER_ADDRESS = 64;
    private static final RateLimitedLog LIMITED = RateLimitedLog.of(LoggerFactory.getLogger(ConnectionLimits.class));

    private final int max;
    private final int maxPerAddress;
    private final AtomicInteger open = new AtomicInteger();
    /** Open connections per address; an address leaves the map with its last connection. */
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();

    public ConnectionLimits(int max, int maxPerAddress) {
        if (max < 1) {
            throw new IllegalArgumentException("the connection limit must be at least 1: " + max);
        }
        if (maxPerAddress < 1 || maxPerAddress > max) {
            throw new IllegalArgumentException("the per-address connection limit must be 1.." + max + ": "
                    + maxPerAddress);
        }
        this.max = max;
        this.maxPerAddress = maxPerAddress;
    }

    /** {@value #DEFAULT_MAX} connections, {@value #DEFAULT_MAX_PER_ADDRESS} from one address. */
    public static ConnectionLimits defaults() {
        return new ConnectionLimits(DEFAULT_MAX, DEFAULT_MAX_PER_ADDRESS);
    }

    public int max() {
        return max;
    }

    public int maxPerAddress() {
        return maxPerAddress;
    }

    /** Connections open now, through all doors sharing this object. */
    public int open() {
        return open.get();
    }

    /**
     * Counts the just accepted {@code ch} until it closes, or refuses it (not counted, the caller closes it).
     *
     * @param door the door's name for the log line of a refusal
     */
    boolean admit(Channel ch, String door) {
        InetAddress address = ch.remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            LIMITED.info("{} connection from {} refused: {} connections are open, the limit", door,
                    ch.remoteAddress(), max);
            return false;
        }
        if (address != null && !countFrom(address)) {
            open.decrementAndGet();
            LIMITED.info("{} connection from {} refused: {} connections from that address are open, the limit",
                    door, ch.remoteAddress(), maxPerAddress);
            return false;
        }
        ch.closeFuture().addListener(f -> release(address));
        return true;
    }

    /** One more connection from {@code address}, unless it has its limit; atomic per address. */
    private boolean countFrom(InetAddress address) {
        boolean[] counted = {false};
        perAddress.compute(address, (k, n) -> {
            AtomicInteger c = n == null ? new AtomicInteger() : n;
            if (c.get() < maxPerAddress) {
                c.incrementAndGet();
                counted[0] = true;
            }
            return c.get() == 0 ? null : c;
        });
        return counted[0];
    }

    private void release(InetAddress address) {
        open.decrementAndGet();
        if (address != null) {
            perAddress.computeIfPresent(address, (k, n) -> n.decrementAndGet() == 0 ? null : n);
        }
    }
}
