package io.bastion.cse.config;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import io.bastion.security.acp.Glob;

/**
 * This CSE's place in a network of CSEs (the Mcc reference point): what kind of CSE it is and which CSEs may
 * register with it.
 *
 * @param cseType {@code cse.type}: IN (the default), MN or ASN; an ASN-CSE accepts no registration (TS-0004
 *        7.4.4.2.1), and the CSEBase's {@code cst} says which it is
 * @param allowedCses {@code registration.allowed-cses}: globs of CSE-IDs (e.g. {@code /id-mn*}) that may register
 *        with this CSE; empty by default, so a CSE accepts no registree until the operator names it
 * @param registrar the CSE this one registers with ({@code registrar.*}), or null for none (an IN-CSE)
 * @param plainAllow {@code mcc.plain.allow}: globs of CSE-IDs admitted without a security association (plain HTTP),
 *        for development and for peers without TLS; empty by default, so a CSE-ID is accepted only over an
 *        association that proves it (TS-0003 6.1.2.2.1). Whoever reaches the HTTP door from a {@code plain.allow}
 *        address can then claim these CSE-IDs and the IDs of the AEs and CSEs registered below them; when it is
 *        not empty, this CSE also sends to other CSEs' {@code http://} points of access ({@link PeerTls})
 * @param peerTls how this CSE reaches other CSEs than its registrar over HTTPS ({@code mcc.trust},
 *        {@code mcc.client-certificate}): the registrees it forwards requests down to at their {@code poa}
 */
public record MccConfig(CseType cseType, List<String> allowedCses, Registrar registrar, List<String> plainAllow,
                        PeerTls peerTls) {

    /**
     * The TLS of this CSE's requests to CSEs other than its registrar, at the {@code poa} they registered.
     *
     * @param trust {@code mcc.trust}: the CA file their HTTPS certificates must chain to (host name checked), or null
     *        for the JDK's default trust
     * @param clientCertificate {@code mcc.client-certificate=https}: present this CSE's HTTPS key, whose certificate
     *        names this CSE's CSE-ID, so that they can authenticate it (TS-0003 6.1.2.2.1)
     */
    public record PeerTls(String trust, boolean clientCertificate) {
        /** The JDK's default trust and no client certificate. */
        public static final PeerTls DEFAULTS = new PeerTls(null, false);
    }

    /**
     * The Registrar CSE of this one and how to reach it securely.
     *
     * @param url its point of access, {@code https://host:port} (or {@code http://} for a registrar that
     *        {@code mcc.plain.allow} of this CSE's kind admits; TLS-PSK when {@code pskIdentity} is set)
     * @param cseId its CSE-ID, e.g. {@code /id-in}
     * @param cseBaseName its CSEBase's resource name, e.g. {@code cse-in}
     * @param pskIdentity the identity of the pre-shared key (in this CSE's PSK store) for TLS-PSK to it, or null
     * @param trust the CA file its certificate must chain to (HTTPS), or null for the JDK's default trust
     * @param clientCertificate whether this CSE presents its HTTPS key as client certificate to it
     */
    public record Registrar(String url, String cseId, String cseBaseName, String pskIdentity, String trust,
                            boolean clientCertificate) {
        public Registrar {
            Objects.requireNonNull(url, "registrar.url");
            Objects.requireNonNull(cseId, "registrar.cse-id");
            Objects.requireNonNull(cseBaseName, "registrar.name");
            if (!url.regionMatches(true, 0, "http://", 0, 7) && !url.regionMatches(true, 0, "https://", 0, 8)
                    && !url.regionMatches(true, 0, "mqtt://", 0, 7) && !url.regionMatches(true, 0, "mqtts://", 0, 8)) {
                throw new IllegalArgumentException("registrar.url must be an http://, https://, mqtt:// or mqtts:// "
                        + "address, not '" + url + "'");
            }
            if (!cseId.startsWith("/") || cseId.length() < 2 || cseId.indexOf('/', 1) >= 0) {
                throw new IllegalArgumentException("registrar.cse-id must look like /id-in, not '" + cseId + "'");
            }
            if (cseBaseName.isEmpty() || cseBaseName.contains("/")) {
                throw new IllegalArgumentException("registrar.name must be the registrar's CSEBase name, e.g. cse-in");
            }
        }
    }

    /** As the canonical constructor with {@link PeerTls#DEFAULTS}. */
    public MccConfig(CseType cseType, List<String> allowedCses, Registrar registrar, List<String> plainAllow) {
        this(cseType, allowedCses, registrar, plainAllow, PeerTls.DEFAULTS);
    }

    /** As {@link #MccConfig(CseType, List, Registrar, List)} without a registrar and with no plain Mcc. */
    public MccConfig(CseType cseType, List<String> allowedCses) {
        this(cseType, allowedCses, null);
    }

    /** As {@link #MccConfig(CseType, List, Registrar, List)} with no plain Mcc ({@code mcc.plain.allow} empty). */
    public MccConfig(CseType cseType, List<String> allowedCses, Registrar registrar) {
        this(cseType, allowedCses, registrar, List.of());
    }

    /** The same with {@code mcc.plain.allow} set to {@code globs}. */
    public MccConfig withPlainAllow(List<String> globs) {
        return new MccConfig(cseType, allowedCses, registrar, globs, peerTls);
    }

    /** The same with {@code mcc.trust} and {@code mcc.client-certificate} set to {@code tls}. */
    public MccConfig withPeerTls(PeerTls tls) {
        return new MccConfig(cseType, allowedCses, registrar, plainAllow, tls);
    }

    /** The first {@code mcc.plain.allow} glob that admits the CSE-ID {@code cseId} without an association, or null. */
    public String plainAllowing(String cseId) {
        for (String g : plainAllow) {
            if (Glob.matches(g, cseId)) {
                return g;
            }
        }
        return null;
    }

    /** The CSE types of TS-0004 table 6.3.4.2.2-1 ({@code m2m:cseTypeID}). */
    public enum CseType {
        IN(1), MN(2), ASN(3);

        private final int code;

        CseType(int code) {
            this.code = code;
        }

        /** Its {@code cst} value. */
        public int code() {
            return code;
        }

        /** The type a {@code cse.type} setting names, case-insensitively; IllegalArgumentException otherwise. */
        public static CseType of(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("cse.type must be IN, MN or ASN, not '" + name + "'");
            }
        }

        /** The type with the {@code cst} value {@code code}, or null. */
        public static CseType ofCode(long code) {
            for (CseType t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            return null;
        }
    }

    public MccConfig {
        Objects.requireNonNull(cseType, "cseType");
        if (registrar != null && cseType == CseType.IN) {
            throw new IllegalArgumentException("an IN-CSE registers with no registrar: set cse.type=MN or ASN");
        }
        allowedCses = List.copyOf(allowedCses);
        plainAllow = plainAllow == null ? List.of() : List.copyOf(plainAllow);
        peerTls = peerTls == null ? PeerTls.DEFAULTS : peerTls;
        checkGlobs("registration.allowed-cses", allowedCses, false);
        checkGlobs("mcc.plain.allow", plainAllow, true);
    }

    private static void checkGlobs(String key, List<String> globs, boolean oneSegment) {
        for (String g : globs) {
            if (!g.startsWith("/") || g.length() < 2 || oneSegment && g.indexOf('/', 1) >= 0
                    || g.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException(key + " entries are CSE-ID globs such as /id-mn*, not '" + g + "'");
            }
        }
    }

    /** An IN-CSE that accepts no registree. */
    public static MccConfig defaults() {
        return new MccConfig(CseType.IN, List.of());
    }
}
