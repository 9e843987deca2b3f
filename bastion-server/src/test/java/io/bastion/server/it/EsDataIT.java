package io.bastion.server.it;

import static io.bastion.server.it.M2m.rule;
import static io.bastion.server.it.M2m.rules;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWSAlgorithm;
import io.bastion.security.esdata.ContentInfo;
import io.bastion.security.esdata.EsDataException;
import io.bastion.security.esdata.EsDataFixtures;
import io.bastion.security.esdata.EsDataForm;
import io.bastion.security.esdata.EsDataKeys;
import io.bastion.security.esdata.EsDataProtection;
import io.bastion.security.esdata.EsDataReader;
import io.bastion.security.esdata.Opened;
import io.bastion.security.esdata.RecipientKey;
import io.bastion.security.esdata.SigningKey;
import io.bastion.server.it.NotificationReceiver.Received;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ESData through the CSE (TS-0003 8.5, TS-0004 table 6.3.4.2.38-1): a writer AE protects contentInstance content
 * with the engine (signed, encrypted, nested; keys and certificates made here), a reader AE reads it through the CSE,
 * by {@code la} and by a notification, and opens it; the CSE stores and serves {@code con} untouched and never holds
 * a key; an AE allowed to read but without the key learns no plaintext; mislabelled content is refused at CREATE.
 */
class EsDataIT {
    static final String WRITER = "Cesdwriter";
    static final String READER = "Cesdreader";
    static final String STRANGER = "Cesdstranger";
    static final String HOME = "/cse-in/esdwriter";
    static final String PLAIN = "{\"door\":\"locked\",\"battery\":87}";

    @RegisterExtension
    static final TestServer cse = new TestServer().registering(WRITER, "esdwriter").registering(READER, "esdreader")
            .registering(STRANGER, "esdstranger");
    static final M2m m2m = cse.client();
    @RegisterExtension
    static final NotificationReceiver rx = new NotificationReceiver();

    // The writer's signing certificate under an AE-ID CA; the reader's RSA decryption certificate.
    static final KeyPair CA_KEYS = EsDataFixtures.ec("secp256r1");
    static final X509Certificate CA = EsDataFixtures.certificate("ESData AE CA", CA_KEYS, null, null, true);
    static final KeyPair WRITER_KEYS = EsDataFixtures.ec("secp256r1");
    static final X509Certificate WRITER_CERT =
            EsDataFixtures.certificate(WRITER, WRITER_KEYS, CA, CA_KEYS.getPrivate(), false);
    static final KeyPair READER_KEYS = EsDataFixtures.rsa();
    static final X509Certificate READER_CERT = EsDataFixtures.certificate(READER, READER_KEYS, null, null, false);
    static final byte[] SHARED = EsDataFixtures.secret(32);

    static final EsDataReader READER_ENGINE = new EsDataReader(EsDataKeys.builder()
            .trustAnchor(CA).privateKey(READER_KEYS.getPrivate(), READER_CERT).secret("door-key", SHARED).build());
    static final EsDataReader STRANGER_ENGINE = new EsDataReader(EsDataKeys.builder().trustAnchor(CA).build());

    @BeforeAll
    static void container() {
        String acp = m2m.createAcp(WRITER, HOME, "esdacp", rules(rule(63, WRITER), rule(1 | 2 | 32, READER), rule(2 | 32, STRANGER)),
                rules(rule(63, WRITER)));
        m2m.create(WRITER, HOME, 3, "{\"m2m:cnt\":{\"rn\":\"door\",\"acpi\":[\"" + acp + "\"]}}").expect(2001);
    }

    static SigningKey writerKey() {
        return SigningKey.certificate(WRITER_KEYS.getPrivate(), List.of(WRITER_CERT), JWSAlgorithm.ES256);
    }

    static Stream<Object[]> cases() {
        byte[] p = PLAIN.getBytes(StandardCharsets.UTF_8);
        RecipientKey toReader = RecipientKey.certificate(READER_CERT, JWEAlgorithm.RSA_OAEP_256);
        return Stream.of(
                new Object[] {"signed", EsDataForm.COMPACT, EsDataProtection.sign(p, EsDataForm.COMPACT, writerKey())},
                new Object[] {"encrypted", EsDataForm.JSON, EsDataProtection.encrypt(p,
                        EncryptionMethod.A128GCM, EsDataForm.JSON,
                        RecipientKey.symmetric("door-key", SHARED, JWEAlgorithm.A256KW))},
                new Object[] {"nested", EsDataForm.JSON_BASE64, EsDataProtection.signThenEncrypt(p, writerKey(),
                        EncryptionMethod.A256GCM, EsDataForm.JSON_BASE64, toReader)},
                new Object[] {"nested compact", EsDataForm.COMPACT, EsDataProtection.signThenEncrypt(p, writerKey(),
                        EncryptionMethod.A256GCM, EsDataForm.COMPACT, toReader)});
    }

    @Test
    void protectedContentIsStoredUntouchedAndOpenedByTheReader() throws Exception {
        m2m.create(READER, HOME + "/door", 23, "{\"m2m:sub\":{\"rn\":\"esdsub\",\"nu\":[\"" + rx.url("/esd")
                + "\"],\"enc\":{\"net\":[3]}}}").expect(2001);
        rx.await("/esd", Received::isVerification);

        for (Object[] c : cases().toList()) {
            String name = (String) c[0];
            EsDataForm form = (EsDataForm) c[1];
            String envelope = (String) c[2];
            String cnf = ContentInfo.of("application/json", 0, form);
            m2m.create(WRITER, HOME + "/door", 4, "{\"m2m:cin\":{\"cnf\":\"" + cnf + "\",\"con\":"
                    + M2m.quote(envelope) + "}}").expect(2001);

            JsonNode la = m2m.retrieve(READER, HOME + "/door/la").expect(2000).inner();
            assertThat(la.path("con").asText()).as(name + ": con byte for byte").isEqualTo(envelope);
            assertThat(la.path("cnf").asText()).isEqualTo(cnf);
            Opened opened = READER_ENGINE.open(la.path("con"), la.path("cnf").asText());
            assertThat(opened.text()).as(name).isEqualTo(PLAIN);
            if (!name.equals("encrypted")) {
                assertThat(opened.signers()).as(name).singleElement()
                        .satisfies(s -> assertThat(s.certificate()).isEqualTo(WRITER_CERT));
            }

            JsonNode notified = rx.await("/esd", r -> r.net() == 3
                    && r.rep().path("m2m:cin").path("con").asText().equals(envelope)).rep().path("m2m:cin");
            assertThat(READER_ENGINE.open(notified.path("con"), notified.path("cnf").asText()).text())
                    .as(name + " by notification").isEqualTo(PLAIN);

            // The stranger may read the resource but not the data.
            JsonNode seen = m2m.retrieve(STRANGER, HOME + "/door/la").expect(2000).inner();
            assertThat(seen.path("con").asText()).doesNotContain("locked");
            if (!name.equals("signed")) {
                assertThatThrownBy(() -> STRANGER_ENGINE.open(seen.path("con"), seen.path("cnf").asText()))
                        .isInstanceOf(EsDataException.class).hasMessageContaining("no key of kid");
            }
        }
    }

    /** The CSE's store holds the envelope, never the plaintext: it has no key to make it. */
    @Test
    void theStoreHoldsNoPlaintext() throws Exception {
        String secret = "{\"pin\":\"7391-unique-plaintext\"}";
        String envelope = EsDataProtection.encrypt(secret.getBytes(StandardCharsets.UTF_8), EncryptionMethod.A256GCM,
                EsDataForm.COMPACT, RecipientKey.certificate(READER_CERT, JWEAlgorithm.RSA_OAEP_256));
        m2m.create(WRITER, HOME + "/door", 4, "{\"m2m:cin\":{\"cnf\":\"application/json:0:1\",\"con\":\""
                + envelope + "\"}}").expect(2001);
        try (Stream<Path> files = Files.walk(cse.dir())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString())
                        .doesNotContain("7391-unique-plaintext");
            }
        }
    }

    @Test
    void mislabelledContentIsRefusedAtCreate() {
        String cin = "{\"m2m:cin\":{\"cnf\":\"%s\",\"con\":%s}}";
        assertThat(m2m.create(WRITER, HOME + "/door", 4, cin.formatted("application/json:0:9", "\"x\""))
                .expect(4000).dbg()).contains("cnf");
        assertThat(m2m.create(WRITER, HOME + "/door", 4, cin.formatted("application/json:0:1", "\"plain text\""))
                .expect(4000).dbg()).contains("con does not hold what cnf application/json:0:1 announces");
        assertThat(m2m.create(WRITER, HOME + "/door", 4, cin.formatted("application/json:0:2", "{\"a\":1}"))
                .expect(4000).dbg()).contains("con does not hold what cnf");
        assertThat(m2m.create(WRITER, HOME + "/door", 4, cin.formatted("application/json:0:3", "\"%%%\""))
                .expect(4000).dbg()).contains("not base64");
        assertThat(m2m.create(WRITER, HOME + "/door", 4, cin.formatted("application/json:0:1",
                "\"eyJhbGciOiJub25lIn0.eA.\"")).expect(4102).dbg()).contains("alg none");
        // XML-Encryption is stored as text, unread
        m2m.create(WRITER, HOME + "/door", 4, cin.formatted("application/xml:0:4", "\"<xenc:EncryptedData/>\""))
                .expect(2001);
        // plain content pays nothing and is not looked at
        m2m.create(WRITER, HOME + "/door", 4, cin.formatted("text/plain:0", "\"a.b.c\"")).expect(2001);
    }

    @Test
    void aTimeSeriesCnfGovernsItsInstances() {
        m2m.create(WRITER, HOME, 29, "{\"m2m:ts\":{\"rn\":\"esdts\",\"cnf\":\"application/json:0:1\"}}").expect(2001);
        assertThat(m2m.create(WRITER, HOME + "/esdts", 30, "{\"m2m:tsi\":{\"dgt\":\"20260101T000000\",\"con\":"
                + "\"plain\"}}").expect(4000).dbg()).contains("con does not hold what cnf");
        String jws = EsDataProtection.sign(PLAIN.getBytes(StandardCharsets.UTF_8), EsDataForm.COMPACT, writerKey());
        m2m.create(WRITER, HOME + "/esdts", 30, "{\"m2m:tsi\":{\"dgt\":\"20260101T000000\",\"con\":\"" + jws
                + "\"}}").expect(2001);
    }
}
