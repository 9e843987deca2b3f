package io.bastion.security.certificate;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.PublicKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import io.bastion.core.id.IdForms;

/**
 * What an end-entity certificate or a raw public key says about its holder (TS-0003 8.2.2.2, 10.1.1.2, 10.1.1.5,
 * 10.1.1.7, 10.1.1.8, 10.4).
 *
 * <ul>
 *   <li><b>AE-ID certificate</b>: a subjectAltName URI whose path is an AE-ID — {@code <scheme>://<SP-ID>/<CSE>/<C…>}
 *       or {@code <scheme>://<SP-ID>/<S…>} (absolute), or {@code <scheme>:/<CSE>/<C…>} (SP-relative, this SP).
 *       The JDK insists on a scheme in a URI name; any scheme is accepted ({@code onem2m://…}, {@code https://…}).
 *       Credential-ID {@code 33-<sha256>}.</li>
 *   <li><b>CSE-ID certificate</b>: a URI whose path is one segment ({@code <scheme>://<SP-ID>/id-mn}), or a DNS
 *       name that is a CSE's public domain name in this SP ({@code id-mn.bastion.example},
 *       {@code id-mn.id-in.bastion.example}, TS-0001 6.5.1.1: its first label is the CSE-ID). Credential-ID
 *       {@code 32-<sha256>}.</li>
 *   <li><b>Node-ID certificate</b>: a URN in a subjectAltName URI, e.g. {@code urn:oid:0.2.481.1.100.3030.10011} or
 *       {@code urn:gsma:imei:90420156-025763-0;svn=42}. TS-0003 10.1.1.8 only says the subjectAltName "shall include
 *       the Node-ID"; a URI is the only general name that can hold the URN forms TS-0004 gives for
 *       {@code m2m:nodeID} (and TS-0001 for device identifiers), so that is where it is looked for. Credential-ID
 *       {@code 34-<Node-ID>} (8.2.2.2: "formed from the globally unique Node identifier"), with the {@code urn:}
 *       scheme and namespace in lower case (RFC 8141 compares them without case) and the rest exactly as written.
 *       When a certificate names several, the first in subjectAltName order is the Node-ID. The value part keeps
 *       the URN's ':' and ';' although 10.4 lists fewer characters, because 12.3.2 declares it an
 *       {@code xs:anyURI} and a Node-ID cannot be spelled otherwise. A Node-ID certificate names no AE-ID itself;
 *       the binding table maps its Credential-ID to the CSE-ID or the AE-IDs of the Node. As with AE-ID certificates,
 *       whatever a trusted CA certifies with that Node-ID gets the binding: trust only CAs that may certify these
 *       Node-IDs (TS-0003 10.1.1 recommends nameConstraints on them).</li>
 *   <li>Anything else is taken as a <b>device certificate</b>: Credential-ID {@code 31-<sha256>}, and the IDs it may
 *       use come from the binding table only.</li>
 *   <li>A <b>raw public key</b> (RFC 7250, no certificate): Credential-ID {@code 30-<public key id>} as described in
 *       {@link PublicKeyId}; see {@link #ofRawPublicKey}.</li>
 * </ul>
 * An AE-ID in a certificate wins over a CSE-ID, a CSE-ID over a Node-ID.
 *
 * <p>The value part of the 31, 32 and 33 Credential-IDs is the SHA-256 of the certificate (lower-case hex): globally
 * unique, made of the characters 10.4 allows (an AE-ID's slashes are not), equal to the fingerprint {@code keytool}
 * and {@code openssl} print, and known before any identity is bound. A renewed certificate has a new one; a renewed
 * Node-ID certificate keeps its {@code 34-} Credential-ID and so its binding.
 *
 * @param kind the certificate flavour
 * @param credentialId {@code <type>-<value>}
 * @param fingerprint the SHA-256 (hex) of the certificate, or of the SubjectPublicKeyInfo for a raw public key
 * @param ids the AE-IDs or CSE-IDs the certificate names, in the CSE's comparison form ({@link IdForms})
 * @param subjects the binding-table subjects ({@link CertificateBindings}) that name this credential, preferred
 *        first: the Credential-ID and the fingerprint for a certificate, the public key id in every algorithm for a
 *        raw public key
 */
public record CertificateIdentity(Kind kind, String credentialId, String fingerprint, Set<String> ids,
                                  List<String> subjects) {

    /** The certificate flavours of TS-0003 8.1.2.1 with their credIDTypeID (TS-0003 12.3.2.1). */
    public enum Kind {
        RAW_PUBLIC_KEY(30), DEVICE(31), CSE_ID(32), AE_ID(33), NODE_ID(34);

        public final int typeId;

        Kind(int typeId) {
            this.typeId = typeId;
        }
    }

    public CertificateIdentity {
        ids = Set.copyOf(ids);
        subjects = List.copyOf(subjects);
    }

    /**
     * The identity of a raw public key: Credential-ID {@code 30-sha-256.<id>}, and its id in every algorithm of
     * TS-0003 10.1.2 as binding subjects.
     */
    public static CertificateIdentity ofRawPublicKey(PublicKey key) {
        List<String> subjects = PublicKeyId.all(key).stream().map(PublicKeyId::credentialId).toList();
        return new CertificateIdentity(Kind.RAW_PUBLIC_KEY, subjects.get(0), PublicKeyId.fingerprint(key.getEncoded()),
                Set.of(), subjects);
    }

    /**
     * A Node-ID as it appears in a Credential-ID: a URN ({@code urn:<namespace>:<rest>}) with scheme and namespace in
     * lower case, or null when {@code uri} is not a URN that can be one (no namespace, no rest, spaces or a
     * wildcard).
     */
    public static String nodeId(String uri) {
        if (uri == null || uri.length() < 7 || !uri.regionMatches(true, 0, "urn:", 0, 4)) {
            return null;
        }
        int colon = uri.indexOf(':', 4);
        if (colon <= 4 || colon == uri.length() - 1) {
            return null;
        }
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c <= ' ' || c >= 127 || c == '*' || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^'
                    || c == '`' || c == '{' || c == '|' || c == '}') {
                return null;
            }
        }
        return uri.substring(0, colon + 1).toLowerCase(Locale.ROOT) + uri.substring(colon + 1);
    }

    public static CertificateIdentity of(X509Certificate cert, IdForms forms) throws CertificateRefusedException {
        Collection<List<?>> sans;
        try {
            sans = cert.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            throw new CertificateRefusedException(CertificateProfile.describe(cert)
                    + " has an unreadable subjectAltName", e);
        }
        Set<String> aes = new LinkedHashSet<>();
        Set<String> cses = new LinkedHashSet<>();
        String node = null;
        if (sans != null) {
            for (List<?> san : sans) {
                if (san.size() < 2 || !(san.get(0) instanceof Integer type) || !(san.get(1) instanceof String v)) {
                    continue;
                }
                if (type == 6) {
                    String n = nodeId(v);
                    if (n != null) {
                        node = node == null ? n : node;
                    } else {
                        fromUri(v, forms, aes, cses);
                    }
                } else if (type == 2) {
                    fromDns(v, forms, cses);
                }
            }
        }
        String fp = Certificates.fingerprint(cert);
        Kind kind = !aes.isEmpty() ? Kind.AE_ID : !cses.isEmpty() ? Kind.CSE_ID : node != null ? Kind.NODE_ID
                : Kind.DEVICE;
        Set<String> ids = switch (kind) {
            case AE_ID -> aes;
            case CSE_ID -> cses;
            case NODE_ID, DEVICE, RAW_PUBLIC_KEY -> Set.of();
        };
        String credentialId = kind.typeId + "-" + (kind == Kind.NODE_ID ? node : fp);
        return new CertificateIdentity(kind, credentialId, fp, ids, List.of(credentialId, fp));
    }

    private static void fromUri(String v, IdForms forms, Set<String> aes, Set<String> cses) {
        String id;
        if (v.startsWith("/")) {
            id = v; // //sp/… or /cse/…, should a URI name ever come without a scheme
        } else {
            URI u;
            try {
                u = new URI(v);
            } catch (URISyntaxException e) {
                return;
            }
            if (u.getScheme() == null || u.getRawQuery() != null || u.getRawFragment() != null
                    || u.getRawPath() == null || !u.getRawPath().startsWith("/")) {
                return;
            }
            if (u.getRawAuthority() != null) {
                if (u.getHost() == null || u.getPort() >= 0 || u.getRawUserInfo() != null) {
                    return;
                }
                id = "//" + u.getHost() + u.getRawPath();
            } else {
                id = u.getRawPath();
            }
        }
        String path = id.startsWith("//") ? id.substring(id.indexOf('/', 2) < 0 ? id.length() : id.indexOf('/', 2))
                : id;
        String[] seg = path.isEmpty() ? new String[0] : path.substring(1).split("/", -1);
        for (String s : seg) {
            if (s.isEmpty()) {
                return;
            }
        }
        if (seg.length == 2 && IdForms.isAeIdStem(seg[1]) && seg[1].charAt(0) == 'C') {
            add(forms.normalize(id), aes);
        } else if (seg.length == 1 && IdForms.isAeIdStem(seg[0]) && seg[0].charAt(0) == 'S') {
            add(forms.normalize(id), aes);
        } else if (seg.length == 1) {
            add(forms.normalize(id), cses);
        }
    }

    private static void fromDns(String name, IdForms forms, Set<String> cses) {
        String n = name.toLowerCase(Locale.ROOT);
        String sp = "." + forms.spId().toLowerCase(Locale.ROOT);
        if (!n.endsWith(sp)) {
            return;
        }
        String labels = name.substring(0, name.length() - sp.length());
        String[] l = labels.split("\\.", -1);
        if (l.length < 1 || l.length > 2 || l[0].isEmpty()) {
            return;
        }
        add("/" + l[0], cses);
    }

    private static void add(String id, Set<String> to) {
        if (id != null) {
            to.add(id);
        }
    }
}
