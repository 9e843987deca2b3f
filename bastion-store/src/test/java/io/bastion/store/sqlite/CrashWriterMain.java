package io.bastion.store.sqlite;

import static io.bastion.store.sqlite.TestResources.AE;
import static io.bastion.store.sqlite.TestResources.CNT;
import static io.bastion.store.sqlite.TestResources.child;
import static io.bastion.store.sqlite.TestResources.cseBase;

import io.bastion.core.resource.Resource;
import io.bastion.store.WriteBatch;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The victim of {@link CrashRecoveryTest}: writes batches from several threads forever and prints each batch's
 * first ri only after {@code write} returned. Args: database file, number of threads.
 */
public final class CrashWriterMain {
    private CrashWriterMain() {
    }

    public static void main(String[] args) {
        SqliteResourceStore store = SqliteResourceStore.open(StoreConfig.of(Path.of(args[0])));
        int threads = Integer.parseInt(args[1]);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        Resource cse = cseBase().build();
        store.write(new WriteBatch().put(cse));
        out.println("ready");
        out.flush();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                for (long i = 0; ; i++) {
                    Resource ae = child(cse, "t" + id + "-" + i, AE, "t" + id + "-" + i).build();
                    // two resources per batch: after the crash both must be there, or neither
                    store.write(new WriteBatch().put(ae).put(child(ae, ae.ri() + "-cnt", CNT, "cnt").build()));
                    synchronized (out) {
                        out.println(ae.ri());
                        out.flush();
                    }
                }
            }, "crash-writer-" + t);
            th.start();
        }
    }
}
