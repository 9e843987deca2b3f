package io.bastion.server;

import static io.bastion.server.CommandOptions.value;

import io.bastion.security.certificate.CertificateBindings;
import io.bastion.security.certificate.CertificateProfile;
import io.bastion.security.certificate.CertificateRefusedException;
import io.bastion.security.certificate.CertificateRevocations;
import io.bastion.security.certificate.Certificates;
import io.bastion.security.certificate.PublicKeyId;
import io.bastion.security.certificate.TrustStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code bastion credentials [--data DIR] cert …}: the CAs trusted for client certificates
 * ({@code DIR/credentials/trust/}), the binding of certificate identities to AE-IDs
 * ({@code DIR/credentials/cert-bindings.json}) and the operator's revoked certificates
 * ({@code DIR/credentials/revoked-certs.json}). A running CSE with the same data folder picks changes up at its next
 * handshake, and open connections at their next request (within 0.2 s). Exit codes: 0 done, 1 refused (not a usable
 * CA certificate, unknown fingerprint or subject, unreadable file), 2 usage error.
 */
final class CertCredentialsCommand {
    static final String USAGE = """
            usage: bastion credentials [--data DIR] cert trust FILE
                   bastion credentials [--data DIR] cert untrust --fingerprint SHA256
                   bastion credentials [--data DIR] cert bind --subject CREDENTIAL-ID --ae AE-ID [--ae AE-ID…]
                   bastion credentials [--data DIR] cert unbind --subject CREDENTIAL-ID
                   bastion credentials [--data DIR] cert revoke --fingerprint SHA256
                   bastion credentials [--data DIR] cert unrevoke --fingerprint SHA256
                   bastion credentials [--data DIR] cert list
                   bastion credentials cert id --public-key FILE
              cert trust    trust the CA certificate(s) in FILE (PEM, a PEM bundle, or DER) to issue client
                            certificates; each must be a CA certificate with a P-256 EC key (TS-0003 10.1.1)
              cert untrust  stop trusting the CA with this SHA-256 fingerprint (as 'cert list', keytool or openssl
                            print it, colons optional)
              cert bind     let the certificate with this Credential-ID (31-<sha256>, 32-…, 33-… as the server logs
                            it; 34-<Node-ID URN> for a Node-ID certificate) or SHA-256 fingerprint, or the raw
                            public key with this id (30-sha-256.… from 'cert id', or an RFC 6920 ni URI), use
                            these AE-IDs (Cabc, /id-in/Cabc, //sp/id-in/Cabc) or CSE-IDs (/id-mn); replaces an
                            earlier binding of the same subject; an unbound raw public key is refused
              cert unbind   remove a binding
              cert revoke   refuse every chain holding the certificate (client, intermediate or CA) with this
                            SHA-256 fingerprint, at new handshakes and on open connections; a local list only (no
                            CRL or OCSP is fetched)
              cert unrevoke take a revocation back (connections already refused stay closed)
              cert list     the trusted CAs (subject, fingerprint, expiry), the bindings and the revoked certificates
              cert id       print the Credential-ID (30-sha-256.<base64url>, TS-0003 10.1.2) of the raw public key in
                            FILE (PEM or DER SubjectPublicKeyInfo, e.g. from 'openssl pkey -pubout', or a
                            certificate), for 'cert bind --subject'
              Changes reach a running CSE without a restart: new handshakes at once, open connections at their
              next request (an untrusted CA or a revoked certificate: 4107 and the connection closes).
            """;

    private CertCredentialsCommand() {
    }

    /** Runs {@code cert ACTION OPTIONS} on the data folder {@code data}; usage errors throw IllegalArgumentException. */
    static int run(Path data, List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("cert needs an action: trust, untrust, bind, unbind, revoke, unrevoke, "
                    + "list or id");
        }
        TrustStore trust = TrustStore.inDataDir(data);
        CertificateBindings bindings = CertificateBindings.inDataDir(data);
        CertificateRevocations revocations = CertificateRevocations.inDataDir(data);
        List<String> opts = args.subList(1, args.size());
        return switch (args.get(0)) {
            case "trust" -> trust(trust, opts, out, err);
            case "untrust" -> untrust(trust, opts, out, err);
            case "bind" -> bind(bindings, opts, out);
            case "unbind" -> unbind(bindings, opts, out, err);
            case "revoke" -> revoke(revocations, opts, out, err);
            case "unrevoke" -> unrevoke(revocations, opts, out, err);
            case "id" -> id(opts, out, err);
            case "list" -> list(trust, bindings, revocations, opts, out);
            default -> throw new IllegalArgumentException("unknown cert action '" + args.get(0)
                    + "' (trust, untrust, bind, unbind, revoke, unrevoke, list, id)");
        };
    }

    private static int trust(TrustStore trust, List<String> opts, PrintStream out, PrintStream err) {
        if (opts.size() != 1 || opts.get(0).startsWith("--")) {
            throw new IllegalArgumentException("cert trust needs one FILE (a PEM or DER CA certificate)");
        }
        Path file = Path.of(opts.get(0));
        List<X509Certificate> certs;
        try {
            certs = Certificates.parse(Files.readAllBytes(file));
        } catch (IOException e) {
            err.println("bastion: cannot read " + file + ": " + e.getMessage());
            return 1;
        } catch (CertificateException e) {
            err.println("bastion: " + file + " holds no readable certificate: " + e.getMessage());
            return 1;
        }
        List<X509Certificate> usable = new ArrayList<>();
        for (X509Certificate c : certs) {
            try {
                CertificateProfile.checkTrustAnchor(c);
                usable.add(c);
            } catch (CertificateRefusedException e) {
                err.println("bastion: not trusted: " + e.getMessage());
                return 1;
            }
        }
        for (X509Certificate c : usable) {
            try {
                TrustStore.Entry e = trust.add(c);
                out.println("trusted " + c.getSubjectX500Principal().getName() + "  sha256=" + e.fingerprint()
                        + "  (" + e.file() + ")");
            } catch (CertificateRefusedException e) {
                err.println("bastion: not trusted: " + e.getMessage());
                return 1;
            }
        }
        return 0;
    }

    private static int untrust(TrustStore trust, List<String> opts, PrintStream out, PrintStream err) {
        if (opts.size() != 2 || !opts.get(0).equals("--fingerprint")) {
            throw new IllegalArgumentException("cert untrust needs --fingerprint SHA256");
        }
        if (!trust.remove(opts.get(1))) {
            err.println("bastion: no trusted CA with fingerprint " + opts.get(1) + " in " + trust.dir());
            return 1;
        }
        out.println("no longer trusted: sha256=" + Certificates.normalizeFingerprint(opts.get(1)));
        return 0;
    }

    private static int bind(CertificateBindings bindings, List<String> opts, PrintStream out) {
        String subject = null;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < opts.size(); i++) {
            String a = opts.get(i);
            switch (a) {
                case "--subject" -> {
                    if (subject != null) {
                        throw new IllegalArgumentException("--subject given twice");
                    }
                    subject = value(opts, ++i, a);
                }
                case "--ae" -> ids.add(value(opts, ++i, a));
                default -> throw new IllegalArgumentException("unknown option " + a + " for cert bind");
            }
        }
        if (subject == null || ids.isEmpty()) {
            throw new IllegalArgumentException("cert bind needs --subject and at least one --ae");
        }
        bindings.bind(subject, ids);
        out.println("bound " + CertificateBindings.normalizeSubject(subject) + " to " + String.join(", ", ids));
        return 0;
    }

    private static int unbind(CertificateBindings bindings, List<String> opts, PrintStream out, PrintStream err) {
        if (opts.size() != 2 || !opts.get(0).equals("--subject")) {
            throw new IllegalArgumentException("cert unbind needs --subject CREDENTIAL-ID");
        }
        if (!bindings.unbind(opts.get(1))) {
            err.println("bastion: no binding of " + opts.get(1) + " in " + bindings.file());
            return 1;
        }
        out.println("unbound " + CertificateBindings.normalizeSubject(opts.get(1)));
        return 0;
    }

    private static int revoke(CertificateRevocations revocations, List<String> opts, PrintStream out,
                              PrintStream err) {
        String fp = fingerprintOption(opts, "revoke");
        try {
            if (!revocations.revoke(fp, Instant.now(Clock.systemUTC()))) {
                out.println("already revoked: sha256=" + fp);
                return 0;
            }
        } catch (java.io.UncheckedIOException e) {
            err.println("bastion: " + e.getMessage());
            return 1;
        }
        out.println("revoked: sha256=" + fp + " (refused at new handshakes and on open connections)");
        return 0;
    }

    private static int unrevoke(CertificateRevocations revocations, List<String> opts, PrintStream out,
                                PrintStream err) {
        String fp = fingerprintOption(opts, "unrevoke");
        try {
            if (!revocations.unrevoke(fp)) {
                err.println("bastion: sha256=" + fp + " is not revoked in " + revocations.file());
                return 1;
            }
        } catch (java.io.UncheckedIOException e) {
            err.println("bastion: " + e.getMessage());
            return 1;
        }
        out.println("no longer revoked: sha256=" + fp);
        return 0;
    }

    /** The normalized value of {@code --fingerprint SHA256}, the only option of revoke and unrevoke. */
    private static String fingerprintOption(List<String> opts, String action) {
        if (opts.size() != 2 || !opts.get(0).equals("--fingerprint")) {
            throw new IllegalArgumentException("cert " + action + " needs --fingerprint SHA256");
        }
        String fp = Certificates.normalizeFingerprint(opts.get(1));
        if (fp == null) {
            throw new IllegalArgumentException("not a SHA-256 fingerprint (64 hex digits, colons allowed): "
                    + opts.get(1));
        }
        return fp;
    }

    private static int list(TrustStore trust, CertificateBindings bindings, CertificateRevocations revocations,
                            List<String> opts, PrintStream out) {
        if (!opts.isEmpty()) {
            throw new IllegalArgumentException("cert list takes no options (--data comes before cert)");
        }
        List<TrustStore.Entry> cas = trust.entries();
        out.println(cas.isEmpty() ? "trusted CAs: none (" + trust.dir() + ")" : "trusted CAs:");
        for (TrustStore.Entry e : cas) {
            out.println("  " + e.certificate().getSubjectX500Principal().getName() + "  sha256=" + e.fingerprint()
                    + "  until " + e.certificate().getNotAfter().toInstant());
        }
        Map<String, List<String>> all = bindings.all();
        out.println(all.isEmpty() ? "bindings: none (" + bindings.file() + ")" : "bindings:");
        all.forEach((subject, ids) -> out.println("  " + subject + " -> " + String.join(", ", ids)));
        if (revocations.unreadable() != null) {
            out.println("revoked certificates: " + revocations.file() + " cannot be read (" + revocations.unreadable()
                    + "): every client certificate is refused until it is repaired");
            return 0;
        }
        Map<String, Instant> revoked = revocations.all();
        out.println(revoked.isEmpty() ? "revoked certificates: none (" + revocations.file() + ")"
                : "revoked certificates:");
        revoked.forEach((fp, at) -> out.println("  sha256=" + fp + "  since " + at));
        return 0;
    }

    private static int id(List<String> opts, PrintStream out, PrintStream err) {
        if (opts.size() != 2 || !opts.get(0).equals("--public-key")) {
            throw new IllegalArgumentException("cert id needs --public-key FILE");
        }
        Path file = Path.of(opts.get(1));
        PublicKey key;
        try {
            key = Certificates.publicKey(Files.readAllBytes(file));
        } catch (IOException e) {
            err.println("bastion: cannot read " + file + ": " + e.getMessage());
            return 1;
        } catch (CertificateException e) {
            err.println("bastion: " + file + ": " + e.getMessage());
            return 1;
        }
        String id = PublicKeyId.of(key, PublicKeyId.Algorithm.SHA_256).credentialId();
        try {
            CertificateProfile.checkKey(key, "the key in " + file);
        } catch (CertificateRefusedException e) {
            err.println("bastion: warning: the CSE will refuse this key: " + e.getMessage());
        }
        out.println(id);
        return 0;
    }
}
