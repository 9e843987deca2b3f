package io.bastion.bindings.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.bastion.bindings.http.HttpBinding;
import io.bastion.bindings.http.HttpBindingConfig;
import io.bastion.core.codec.Codecs;
import io.bastion.core.primitive.Authentication;
import io.bastion.core.primitive.Peer;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.security.credential.FilePskStore;
import io.bastion.security.credential.PreSharedKey;
import io.bastion.security.credential.PskCredential;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.Promise;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The published TLS-PSK client in a Netty pipeline ({@link PskTlsClientHandler}) against the door
 * ({@link PskTlsFront}): the handshake with the one version and suite offered, HTTP both ways over it with the peer
 * the door proved, and a wrong key failing {@code ready} with the server's alert.
 */
class PskTlsClientHandlerTest {
    static final String IDENTITY = "dev1@issuer.example";
    static final byte[] KEY = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");

    @TempDir
    Path data;
    final List<Peer> peers = new CopyOnWriteArrayList<>();
    final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    HttpBinding door;

    @BeforeEach
    void start() {
        FilePskStore store = new FilePskStore(FilePskStore.fileIn(data), Duration.ZERO);
        store.add(new PskCredential(IDENTITY, PreSharedKey.fromHex(HexFormat.of().formatHex(KEY)), Set.of("Cdev")));
        door = new HttpBinding(HttpBindingConfig.of("127.0.0.1", 0, null), (rq, peer) -> {
            peers.add(peer);
            return Response.of(ResponseStatusCode.OK, null);
        }, new Codecs(), new PskTlsFront(store)).start();
    }

    @AfterEach
    void stop() {
        door.stop();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    /** Connects with the handler first in the pipeline and an HTTP codec behind it. */
    private Connection connect(byte[] key, ProtocolVersion version, int suite) throws Exception {
        PskTlsClient client = new PskTlsClient(PskTlsCrypto.create(new SecureRandom()), IDENTITY, key, version, suite,
                null);
        CompletableFuture<FullHttpResponse> answer = new CompletableFuture<>();
        AtomicReference<Promise<Void>> ready = new AtomicReference<>();
        AtomicReference<PskTlsClientHandler> handler = new AtomicReference<>();
        Channel ch = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                        ready.set(c.eventLoop().newPromise());
                        handler.set(new PskTlsClientHandler(client, ready.get()));
                        c.pipeline().addLast(handler.get(), new HttpClientCodec(), new HttpObjectAggregator(1 << 16),
                                new SimpleChannelInboundHandler<FullHttpResponse>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse r) {
                                        answer.complete(r.retainedDuplicate());
                                    }
                                });
                    }
                }).connect("127.0.0.1", door.port()).sync().channel();
        return new Connection(ch, ready.get(), handler.get(), answer);
    }

    record Connection(Channel channel, Promise<Void> ready, PskTlsClientHandler handler,
                      CompletableFuture<FullHttpResponse> answer) {
    }

    @Test
    void theHandshakeOffersOneSuiteAndHttpRunsOverItAsTheProvedIdentity() throws Exception {
        for (var offer : List.of(new Object[] {ProtocolVersion.TLSv12, CipherSuite.TLS_PSK_WITH_AES_128_CBC_SHA256},
                new Object[] {ProtocolVersion.TLSv13, CipherSuite.TLS_AES_128_CCM_8_SHA256})) {
            int suite = (int) offer[1];
            Connection c = connect(KEY, (ProtocolVersion) offer[0], suite);
            try {
                assertThat(c.ready().await(10, TimeUnit.SECONDS)).isTrue();
                assertThat(c.ready().isSuccess()).as(String.valueOf(c.ready().cause())).isTrue();
                assertThat(c.handler().selectedSuite()).as(PskTlsSuites.name(suite)).isEqualTo(suite);

                DefaultFullHttpRequest rq = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET,
                        "/cse-in");
                rq.headers().set("Host", "x").set("X-M2M-Origin", "Cdev").set("X-M2M-RI", "psk-1")
                        .set("X-M2M-RVI", "3");
                c.channel().writeAndFlush(rq);
                FullHttpResponse r = c.answer().get(10, TimeUnit.SECONDS);
                try {
                    assertThat(r.headers().get("X-M2M-RSC")).isEqualTo("2000");
                    assertThat(r.headers().get("X-M2M-RI")).isEqualTo("psk-1");
                } finally {
                    r.release();
                }
            } finally {
                c.channel().close().sync();
            }
        }
        assertThat(peers).hasSize(2).allSatisfy(p -> {
            assertThat(p.door()).isEqualTo("psk");
            assertThat(p.authentication()).isInstanceOfSatisfying(Authentication.Verified.class,
                    v -> assertThat(v.credentialId()).isEqualTo("12-" + IDENTITY));
        });
    }

    @Test
    void aWrongKeyFailsReadyWithTheServersAlert() throws Exception {
        byte[] wrong = KEY.clone();
        wrong[0] ^= 1;
        Connection c = connect(wrong, ProtocolVersion.TLSv12, CipherSuite.TLS_PSK_WITH_AES_128_CBC_SHA256);

        assertThat(c.ready().await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(c.ready().cause()).isInstanceOfSatisfying(TlsFatalAlertReceived.class,
                a -> assertThat(a.getAlertDescription()).isEqualTo(AlertDescription.bad_record_mac));
        assertThat(c.channel().closeFuture().await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(peers).isEmpty();
    }
}
