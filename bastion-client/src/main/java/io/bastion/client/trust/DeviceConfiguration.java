package io.bastion.client.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.security.certificate.Certificates;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The device's MO tree (TS-0022 objects by MO path, e.g. {@code reg1/autp1 -> {"dcfg:autp":{…}}}) and what processing
 * its nodes yielded: the trust anchors of processed trustAnchorCred nodes (fingerprint checked) and where the device's
 * CSE is (a {@code dcfg:reg} node). Written to and read from one JSON file; it holds no secret: the symmetric keys
 * established for authenticationProfile nodes (SUID 21–23, 8.3.9.9.4; 31–33, 8.3.9.9.5) and the MAF Client
 * Registrations of MAFClientRegCfg nodes (8.3.9.9.8, with their KmID and Km) are kept in memory only
 * ({@link #symmetricKey}, {@link #mafRegistration}) and never written; a device keeps one by writing its identity and
 * key itself (as {@code ./bastion device maf-key} does, file 0600).
 */
public final class DeviceConfiguration {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, JsonNode> nodes = new TreeMap<>();
    private final List<X509Certificate> anchors = new ArrayList<>();
    private final Map<String, MafKey> keys = new TreeMap<>();
    private final Map<String, MafRegistration> mafRegistrations = new TreeMap<>();

    /** An empty tree. */
    public DeviceConfiguration() {
    }

    /** A copy of {@code other}. */
    DeviceConfiguration(DeviceConfiguration other) {
        other.nodes.forEach((p, n) -> nodes.put(p, n.deepCopy()));
        anchors.addAll(other.anchors);
        keys.putAll(other.keys);
        mafRegistrations.putAll(other.mafRegistrations);
    }

    /** path -> {"dcfg:reg":{…}} / {"dcfg:autp":{…}} …, in path order. */
    public Map<String, JsonNode> nodes() {
        return Collections.unmodifiableMap(nodes);
    }

    /** From processed trustAnchorCred nodes (fingerprint checked). */
    public List<X509Certificate> trustAnchors() {
        return List.copyOf(anchors);
    }

    /** From the first {@code dcfg:reg} node (path order) that names a CSE: where the device's CSE is. */
    public Optional<CseRegistration> registration() {
        for (JsonNode n : nodes.values()) {
            JsonNode reg = n.get("dcfg:reg");
            if (reg != null && reg.path("csi").isTextual()) {
                List<String> poa = new ArrayList<>();
                reg.path("poa").forEach(p -> poa.add(p.asText()));
                return Optional.of(new CseRegistration(poa, reg.get("csi").asText(),
                        reg.path("cb").isTextual() ? reg.get("cb").asText() : null));
            }
        }
        return Optional.empty();
    }

    /**
     * The key established for the authenticationProfile node at {@code path} (SUID 21–23: a MEF Key Registration,
     * 8.3.9.9.4): its {@code pskIdentity} (KeyID) and key (Kc) open TLS-PSK to the targets, e.g.
     * {@code CseClient.builder().psk(k.pskIdentity(), k.key())}. Empty when the node was not processed to a key.
     */
    public Optional<MafKey> symmetricKey(String path) {
        return Optional.ofNullable(keys.get(normalize(path)));
    }

    void putKey(String path, MafKey key) {
        keys.put(normalize(path), key);
    }

    /**
     * The MAF Client Registration made for the MAFClientRegCfg node at {@code path} (8.3.9.9.8), with the KmID and Km
     * of its authenticationProfile child (SUID 21): {@code mafRegistration(p).get().open(timeout)} is a
     * {@link MafClient} of that MAF. Empty when the node was not processed to a registration. Memory only.
     */
    public Optional<MafRegistration> mafRegistration(String path) {
        return Optional.ofNullable(mafRegistrations.get(normalize(path)));
    }

    void putMafRegistration(String path, MafRegistration registration) {
        mafRegistrations.put(normalize(path), registration);
    }

    /** Puts a node (as a DM client would have configured it). */
    public DeviceConfiguration put(String path, JsonNode object) {
        nodes.put(normalize(path), object.deepCopy());
        return this;
    }

    JsonNode node(String path) {
        return nodes.get(normalize(path));
    }

    void addTrustAnchor(X509Certificate ca) {
        if (!anchors.contains(ca)) {
            anchors.add(ca);
        }
    }

    Optional<X509Certificate> trustAnchor(String fingerprint) {
        return anchors.stream().filter(c -> Certificates.fingerprint(c).equalsIgnoreCase(fingerprint))
                .findFirst();
    }

    static String normalize(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    public void write(Path file) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode n = root.putObject("nodes");
        nodes.forEach(n::set);
        var a = root.putArray("trustAnchors");
        for (X509Certificate c : anchors) {
            try {
                a.add(Base64.getEncoder().encodeToString(c.getEncoded()));
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IOException("cannot encode a trust anchor", e);
            }
        }
        Files.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }

    public static DeviceConfiguration read(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        if (root == null || !root.path("nodes").isObject()) {
            throw new IOException(file + ": not a device configuration (no \"nodes\" object)");
        }
        DeviceConfiguration c = new DeviceConfiguration();
        root.get("nodes").fields().forEachRemaining(e -> c.nodes.put(e.getKey(), e.getValue()));
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (JsonNode a : root.path("trustAnchors")) {
                c.anchors.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(
                        Base64.getDecoder().decode(a.asText()))));
            }
        } catch (CertificateException | IllegalArgumentException e) {
            throw new IOException(file + ": a trust anchor is not a certificate", e);
        }
        return c;
    }
}
