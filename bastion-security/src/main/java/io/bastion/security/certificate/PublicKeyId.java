package io.bastion.security.certificate;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The public key identifier of a raw public key certificate (TS-0003 10.1.2): the SHA-256 of the DER
 * SubjectPublicKeyInfo (RFC 6920 section 2), whole ({@code sha-256}) or truncated to its first 128 or 120 bits
 * ({@code sha-256-128}, {@code sha-256-120}).
 *
 * <p><b>Written form.</b> TS-0003 does not fix how the identifier is spelled inside a Credential-ID, and its two
 * rules disagree: 12.3.2 declares the value part an {@code xs:anyURI}, which would allow the RFC 6920 name
 * {@code ni:///sha-256;<digest>}, while 10.4 allows only letters, digits, '.', '_', '-' and '@' in the value part
 * (so that a Credential-ID can name a resource, e.g. a {@code <serviceSubscribedAppRule>}). Bastion follows 10.4 and
 * keeps both parts of the ni name, joined by '.' instead of ';': {@code 30-sha-256.<base64url digest>}, e.g.
 * {@code 30-sha-256.f4OxZX_x_FO5LcGBSKHWXfwtSx-j1ncoSt3SABJtkGk}. The digest is the ni name's own base64url text
 * (no padding), so it can be compared with any RFC 6920 tool, and the algorithm stays in the identifier, as 10.1.2's
 * matching procedure needs. {@link #parse} also takes the ni URI form and turns it into this one.
 *
 * @param algorithm the RFC 6920 hash algorithm
 * @param digest the (truncated) digest
 */
public record PublicKeyId(Algorithm algorithm, byte[] digest) {
    /** The credIDTypeID of a raw public key used in TLS (TS-0003 12.3.2.1). */
    public static final int TYPE_ID = 30;

    /** The hash algorithms TS-0003 10.1.2 allows, as RFC 6920 names them, in order of preference (longest first). */
    public enum Algorithm {
        SHA_256("sha-256", 32), SHA_256_128("sha-256-128", 16), SHA_256_120("sha-256-120", 15);

        /** The RFC 6920 Named Information Hash Algorithm name. */
        public final String niName;
        /** Bytes of the SHA-256 digest kept. */
        public final int length;

        Algorithm(String niName, int length) {
            this.niName = niName;
            this.length = length;
        }

        static Algorithm byName(String name) {
            for (Algorithm a : values()) {
                if (a.niName.equals(name.toLowerCase(Locale.ROOT))) {
                    return a;
                }
            }
            return null;
        }
    }

    public PublicKeyId {
        if (algorithm == null || digest == null || digest.length != algorithm.length) {
            throw new IllegalArgumentException("a " + (algorithm == null ? "public key" : algorithm.niName)
                    + " identifier has " + (algorithm == null ? "?" : algorithm.length) + " bytes");
        }
        digest = digest.clone();
    }

    /** The identifier of a public key (its {@code getEncoded()} is the SubjectPublicKeyInfo for X.509 keys). */
    public static PublicKeyId of(PublicKey key, Algorithm algorithm) {
        byte[] spki = key.getEncoded();
        if (spki == null || !"X.509".equals(key.getFormat())) {
            throw new IllegalArgumentException("the public key has no SubjectPublicKeyInfo encoding");
        }
        return ofSubjectPublicKeyInfo(spki, algorithm);
    }

    /** The identifier of a DER SubjectPublicKeyInfo. */
    public static PublicKeyId ofSubjectPublicKeyInfo(byte[] spki, Algorithm algorithm) {
        return new PublicKeyId(algorithm, Arrays.copyOf(sha256(spki), algorithm.length));
    }

    /** The identifiers of a key in every allowed algorithm, in order of preference. */
    public static List<PublicKeyId> all(PublicKey key) {
        return Arrays.stream(Algorithm.values()).map(a -> of(key, a)).toList();
    }

    /**
     * Reads an identifier as an operator or a peer may write it: {@code 30-sha-256.<digest>},
     * {@code sha-256.<digest>}, or an RFC 6920 ni URI {@code ni:///sha-256;<digest>} (with or without {@code 30-}
     * before it; an authority or query in the URI is ignored). The digest is base64url without padding.
     *
     * @throws IllegalArgumentException with the reason, for anything else
     */
    public static PublicKeyId parse(String text) {
        String s = text == null ? "" : text.strip();
        if (s.startsWith(TYPE_ID + "-")) {
            s = s.substring(3);
        }
        String alg;
        String value;
        if (s.regionMatches(true, 0, "ni://", 0, 5)) {
            int path = s.indexOf('/', 5);
            int semi = path < 0 ? -1 : s.indexOf(';', path);
            if (semi < 0) {
                throw new IllegalArgumentException("an ni URI is ni://[authority]/<algorithm>;<digest>: " + text);
            }
            alg = s.substring(path + 1, semi);
            int q = s.indexOf('?', semi);
            value = s.substring(semi + 1, q < 0 ? s.length() : q);
        } else {
            int dot = s.indexOf('.');
            if (dot < 0) {
                throw new IllegalArgumentException("a raw public key id is 30-<algorithm>.<base64url digest> "
                        + "(e.g. 30-sha-256.f4Ox…) or an ni URI: " + text);
            }
            alg = s.substring(0, dot);
            value = s.substring(dot + 1);
        }
        Algorithm a = Algorithm.byName(alg);
        if (a == null) {
            throw new IllegalArgumentException("a raw public key id uses sha-256, sha-256-128 or sha-256-120 "
                    + "(TS-0003 10.1.2), not '" + alg + "'");
        }
        byte[] d;
        try {
            d = Base64.getUrlDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the digest of a raw public key id is base64url: " + text);
        }
        if (d.length != a.length || !value.equals(Base64.getUrlEncoder().withoutPadding().encodeToString(d))) {
            throw new IllegalArgumentException("a " + a.niName + " digest is " + a.length + " bytes of base64url "
                    + "without padding: " + text);
        }
        return new PublicKeyId(a, d);
    }

    /** The Credential-ID {@code 30-<algorithm>.<base64url digest>}. */
    public String credentialId() {
        return TYPE_ID + "-" + algorithm.niName + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    /** The RFC 6920 name {@code ni:///<algorithm>;<base64url digest>}. */
    public String niUri() {
        return "ni:///" + algorithm.niName + ";" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    /** The matching procedure of TS-0003 10.1.2: the key's digest in this identifier's algorithm is this digest. */
    public boolean matches(PublicKey key) {
        return MessageDigest.isEqual(of(key, algorithm).digest, digest);
    }

    @Override
    public byte[] digest() {
        return digest.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PublicKeyId p && p.algorithm == algorithm && Arrays.equals(p.digest, digest);
    }

    @Override
    public int hashCode() {
        return algorithm.hashCode() * 31 + Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
        return credentialId();
    }

    /** The full SHA-256 of a DER SubjectPublicKeyInfo, in hex (a fingerprint of the raw public key certificate). */
    static String fingerprint(byte[] spki) {
        return HexFormat.of().formatHex(sha256(spki));
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256", e);
        }
    }
}
