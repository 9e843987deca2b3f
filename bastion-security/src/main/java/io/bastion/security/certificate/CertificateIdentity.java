package io.bastion.security.certificate;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import io.bastion.core.id.IdForms;

/**
 * What an end-entity certificate says about its holder (TS-0003 8.2.2.2, 10.1.1.5, 10.1.1.7, 10.4).
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
 *   <li>Anything else is taken as a <b>device certificate</b>: Credential-ID {@code 31-<sha256>}, and the IDs it may
 *       use come from the binding table only.</li>
 * </ul>
 *
 * <p>The value part of every Credential-ID is the SHA-256 of the certificate (lower-case hex): globally unique, made
 * of the characters 10.4 allows (an AE-ID's slashes are not), equal to the fingerprint {@code keytool} and
 * {@code openssl} print, and known before any identity is bound. A renewed certificate has a new one.
 *
 * @param kind the certificate flavour
 * @param credentialId {@code <type>-<sha256>}
 * @param fingerprint the SHA-256 of the certificate
 * @param ids the AE-IDs or CSE-IDs the certificate names, in the CSE's comparison form ({@link IdForms})
 */
public record CertificateIdentity(Kind kind, String credentialId, String fingerprint, Set<String> ids) {

    /** The certificate flavours of TS-0003 8.1.2.1 with their credIDTypeID (TS-0003 12.3.2.1). */
    public enum Kind {
        DEVICE(31), CSE_ID(32), AE_ID(33);

        public final int typeId;

        Kind(int typeId) {
            this.typeId = typeId;
        }
    }

    public CertificateIdentity {
        ids = Set.copyOf(ids);
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
        if (sans != null) {
            for (List<?> san : sans) {
                if (san.size() < 2 || !(san.get(0) instanceof Integer type) || !(san.get(1) instanceof String v)) {
                    continue;
                }
                if (type == 6) {
                    fromUri(v, forms, aes, cses);
                } else if (type == 2) {
                    fromDns(v, forms, cses);
                }
            }
        }
        String fp = Certificates.fingerprint(cert);
        Kind kind = !aes.isEmpty() ? Kind.AE_ID : !cses.isEmpty() ? Kind.CSE_ID : Kind.DEVICE;
        Set<String> ids = switch (kind) {
            case AE_ID -> aes;
            case CSE_ID -> cses;
            case DEVICE -> Set.of();
        };
        return new CertificateIdentity(kind, kind.typeId + "-" + fp, fp, ids);
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
