package io.bastion.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.server.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Deep HTTP pipelining over one connection (issue 9 #13): every request is answered, in order, however many a client
 * sends in one write; creates happen exactly once each. Back-pressure holds the input meanwhile, so the client writes
 * on one thread while it reads on another, as a pipelining client does.
 */
class PipeliningIT {
    static final String AE = "Cpipe";
    static final String BOX = "/cse-in/pipe/box";

    @RegisterExtension
    static final TestServer cse = new TestServer().registering(AE, "pipe");
    static final M2m m2m = cse.client();

    @BeforeAll
    static void start() {
        m2m.create(AE, "/cse-in/pipe", 3, "{\"m2m:cnt\":{\"rn\":\"box\",\"mni\":100000}}").expect(2001);
    }

    @Test
    void aThousandPipelinedGetsAndPostsInOneWriteAreAllAnsweredInOrder() throws Exception {
        int n = 1000;
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = 0; i < n; i++) {
            if (i % 2 == 0) {
                RawHttp.write(all, "localhost", "p-" + i, "POST", BOX, AE, 4,
                        "{\"m2m:cin\":{\"rn\":\"i" + i + "\",\"con\":\"" + i + "\"}}");
            } else {
                RawHttp.write(all, "localhost", "p-" + i, "GET", BOX, AE, null, null);
            }
        }
        try (Socket s = new Socket("127.0.0.1", cse.server().httpPort())) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            CompletableFuture<Void> written = CompletableFuture.runAsync(() -> {
                try {
                    out.write(all.toByteArray()); // one write of all the requests
                    out.flush();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            for (int i = 0; i < n; i++) {
                M2m.Rsp r = RawHttp.read(in, "pipelined request " + i);
                assertThat(r.header("X-M2M-RI")).as("answer %d", i).isEqualTo("p-" + i);
                assertThat(r.rsc()).as("answer %d: %s", i, r.body()).isEqualTo(i % 2 == 0 ? 2001 : 2000);
            }
            written.get(30, TimeUnit.SECONDS);
        }
        assertThat(m2m.retrieve(AE, BOX).expect(2000).json().path("m2m:cnt").path("cni").asInt()).isEqualTo(n / 2);
        m2m.retrieve(AE, BOX + "/i0").expect(2000);
        m2m.retrieve(AE, BOX + "/i" + (n - 2)).expect(2000);
    }
}
