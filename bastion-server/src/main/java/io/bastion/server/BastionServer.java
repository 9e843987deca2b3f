package io.bastion.server;

import io.bastion.bindings.http.HttpBinding;
import io.bastion.bindings.http.HttpBindingConfig;
import io.bastion.bindings.http.HttpNotificationTransport;
import io.bastion.cse.Cse;
import io.bastion.cse.notification.DispatcherConfig;
import io.bastion.store.ResourceStore;
import io.bastion.store.sqlite.SqliteResourceStore;
import io.bastion.store.sqlite.StoreConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** A running Bastion: store, CSE engine and HTTP binding wired together; closing it stops them in order. */
public final class BastionServer implements AutoCloseable {
    private final ResourceStore store;
    private final HttpNotificationTransport transport;
    private final Cse cse;
    private final ExecutorService workers;
    private final HttpBinding http;

    private BastionServer(ServerConfig config, Clock clock) {
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data folder " + config.dataDir(), e);
        }
        StoreConfig sc = StoreConfig.of(config.dataDir().resolve("bastion.db"))
                .withSync(config.syncFull() ? StoreConfig.SyncMode.FULL : StoreConfig.SyncMode.NORMAL);
        this.store = SqliteResourceStore.open(sc);
        this.transport = new HttpNotificationTransport();
        this.cse = new Cse(config.cse(), store, transport, clock, DispatcherConfig.defaults());
        this.workers = Executors.newFixedThreadPool(config.workerThreads(), named("bastion-worker"));
        this.http = new HttpBinding(HttpBindingConfig.of(config.bind(), config.httpPort(), workers)
                .withMaxBodyBytes(config.maxBodyBytes()), cse).start();
    }

    public static BastionServer start(ServerConfig config) {
        return new BastionServer(config, Clock.systemUTC());
    }

    public static BastionServer start(ServerConfig config, Clock clock) {
        return new BastionServer(config, clock);
    }

    public int httpPort() {
        return http.port();
    }

    public Cse cse() {
        return cse;
    }

    @Override
    public void close() {
        http.close();
        workers.shutdown();
        cse.close();
        transport.close();
        store.close();
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
