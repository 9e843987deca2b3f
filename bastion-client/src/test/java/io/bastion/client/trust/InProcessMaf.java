package io.bastion.client.trust;

import io.bastion.security.credential.FilePskStore;
import io.bastion.security.credential.PreSharedKey;
import io.bastion.security.credential.PskCredential;
import io.bastion.trust.maf.MafServer;
import io.bastion.trust.maf.MafSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * A real MAF ({@link MafServer} of bastion-trust) on a free loopback port, serving {@code sp.example}, its clients'
 * KmIDs provisioned in its PSK file as {@code ./bastion credentials psk add} does.
 */
final class InProcessMaf implements AutoCloseable {
    static final String FQDN = "maf.example";
    static final String ADMIN = "sp.example";
    static final String KM_PHONE = "km-phone@maf.example";
    static final byte[] K_PHONE = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
    static final String KM_CSE = "km-cse@maf.example";
    static final byte[] K_CSE = HexFormat.of().parseHex("101112131415161718191a1b1c1d1e1f");
    static final String KM_OTHER = "km-other@maf.example";
    static final byte[] K_OTHER = HexFormat.of().parseHex("202122232425262728292a2b2c2d2e2f");

    final Path data;
    final MafServer server;
    final FilePskStore clients;

    InProcessMaf(Path data) {
        this.data = data;
        this.clients = FilePskStore.inDataDir(data);
        clients.add(new PskCredential(KM_PHONE, PreSharedKey.of(K_PHONE), Set.of("Cphone")));
        clients.add(new PskCredential(KM_CSE, PreSharedKey.of(K_CSE), Set.of("/id-in")));
        clients.add(new PskCredential(KM_OTHER, PreSharedKey.of(K_OTHER), Set.of("Cother")));
        server = MafServer.start(MafSettings.defaults().withFqdn(FQDN).withPort(0).withDataDir(data)
                .withAdminFqdns(Set.of(ADMIN)), Map.of("BASTION_KEYSTORE_PASSWORD", "maf-test-secret")::get,
                Clock.systemUTC());
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() throws Exception {
        server.close();
        clients.close();
    }
}
