package io.bastion.security.certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The raw public key id of TS-0003 10.1.2 (RFC 6920), and how Credential-IDs of keys and Node-IDs are written. */
class PublicKeyIdTest {
    /** RFC 6920 section 8: the sha-256 name of the bytes "Hello World!". */
    static final byte[] HELLO = "Hello World!".getBytes(StandardCharsets.US_ASCII);
    static final String HELLO_SHA256 = "f4OxZX_x_FO5LcGBSKHWXfwtSx-j1ncoSt3SABJtkGk";

    static KeyPair ec() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    @Test
    void theDigestIsRfc6920sAndTheCredentialIdKeepsItsAlgorithmAndBase64url() {
        PublicKeyId id = PublicKeyId.ofSubjectPublicKeyInfo(HELLO, PublicKeyId.Algorithm.SHA_256);
        assertThat(id.niUri()).isEqualTo("ni:///sha-256;" + HELLO_SHA256);
        assertThat(id.credentialId()).isEqualTo("30-sha-256." + HELLO_SHA256);
    }

    @Test
    void truncatedAlgorithmsKeepTheFirst128Or120Bits() {
        assertThat(PublicKeyId.ofSubjectPublicKeyInfo(HELLO, PublicKeyId.Algorithm.SHA_256_128).credentialId())
                .isEqualTo("30-sha-256-128.f4OxZX_x_FO5LcGBSKHWXQ");
        assertThat(PublicKeyId.ofSubjectPublicKeyInfo(HELLO, PublicKeyId.Algorithm.SHA_256_120).niUri())
                .isEqualTo("ni:///sha-256-120;f4OxZX_x_FO5LcGBSKHW");
    }

    @ParameterizedTest
    @ValueSource(strings = {"30-sha-256." + HELLO_SHA256, "sha-256." + HELLO_SHA256,
        "ni:///sha-256;" + HELLO_SHA256, "30-ni:///sha-256;" + HELLO_SHA256,
        "NI://bastion.example/SHA-256;" + HELLO_SHA256 + "?ct=application/pkix-cert",
        "  30-sha-256." + HELLO_SHA256 + " "})
    void everyWrittenFormReadsAsTheSameIdentifier(String text) {
        assertThat(PublicKeyId.parse(text))
                .isEqualTo(PublicKeyId.ofSubjectPublicKeyInfo(HELLO, PublicKeyId.Algorithm.SHA_256));
    }

    @ParameterizedTest
    @ValueSource(strings = {"30-md5.abc", "30-sha-256", "30-sha-256.f4OxZX_x", "30-sha-256." + HELLO_SHA256 + "=",
        "30-sha-256.f4OxZX/x+FO5LcGBSKHWXfwtSx-j1ncoSt3SABJtkGk", "ni:///sha-256", "ni:sha-256;abc", "", "30-"})
    void malformedIdentifiersAreRefusedWithAReason(String text) {
        assertThatThrownBy(() -> PublicKeyId.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("Exception");
    }

    @Test
    void anIdentifierMatchesItsKeyInItsOwnAlgorithmOnly() throws Exception {
        KeyPair a = ec();
        KeyPair b = ec();
        for (PublicKeyId id : PublicKeyId.all(a.getPublic())) {
            assertThat(id.matches(a.getPublic())).isTrue();
            assertThat(id.matches(b.getPublic())).isFalse();
            assertThat(PublicKeyId.parse(id.credentialId())).isEqualTo(id);
            assertThat(PublicKeyId.parse(id.niUri())).isEqualTo(id);
        }
        assertThat(PublicKeyId.all(a.getPublic())).extracting(PublicKeyId::algorithm)
                .containsExactly(PublicKeyId.Algorithm.values());
    }

    @Test
    void bindingSubjectsOfKeysAndNodeIdsAreStoredInOneForm() {
        assertThat(CertificateBindings.normalizeSubject("ni:///sha-256;" + HELLO_SHA256))
                .isEqualTo("30-sha-256." + HELLO_SHA256);
        assertThat(CertificateBindings.normalizeSubject("30-SHA-256-128.f4OxZX_x_FO5LcGBSKHWXQ"))
                .isEqualTo("30-sha-256-128.f4OxZX_x_FO5LcGBSKHWXQ");
        assertThat(CertificateBindings.normalizeSubject("34-URN:OID:0.2.481.1.100.3030.10011"))
                .isEqualTo("34-urn:oid:0.2.481.1.100.3030.10011");
        assertThat(CertificateBindings.normalizeSubject("34-urn:gsma:imei:90420156-025763-0;svn=42"))
                .isEqualTo("34-urn:gsma:imei:90420156-025763-0;svn=42");
        // the earlier forms are unchanged
        assertThat(CertificateBindings.normalizeSubject("31-abc")).isEqualTo("31-abc");
        assertThat(CertificateBindings.normalizeSubject("AB".repeat(32))).isEqualTo("ab".repeat(32));
        for (String bad : new String[] {"30-sha-256.nothex!", "34-0.2.481.1", "34-urn:oid:*", "34-urn:x",
            "34-urn:oid:1 2"}) {
            assertThatThrownBy(() -> CertificateBindings.normalizeSubject(bad))
                    .as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aNodeIdIsAUrnWithItsSchemeAndNamespaceInLowerCase() {
        assertThat(CertificateIdentity.nodeId("URN:OID:0.2.481.1.100.3030.10011"))
                .isEqualTo("urn:oid:0.2.481.1.100.3030.10011");
        assertThat(CertificateIdentity.nodeId("urn:IMEI:490154203237518")).isEqualTo("urn:imei:490154203237518");
        assertThat(CertificateIdentity.nodeId("urn:dev:ops:0A1B2C-Model-SN1"))
                .isEqualTo("urn:dev:ops:0A1B2C-Model-SN1");
        assertThat(CertificateIdentity.nodeId("onem2m://bastion.example/id-in/Cabc")).isNull();
        assertThat(CertificateIdentity.nodeId("urn:oid:")).isNull();
        assertThat(CertificateIdentity.nodeId("urn:")).isNull();
        assertThat(CertificateIdentity.nodeId(null)).isNull();
    }
}
