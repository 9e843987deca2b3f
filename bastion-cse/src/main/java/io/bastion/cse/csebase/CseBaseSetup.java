package io.bastion.cse.csebase;

import io.bastion.cse.resource.UniversalAttributes;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.core.time.Timestamps;
import io.bastion.cse.config.CseConfig;
import io.bastion.cse.config.MccConfig;
import io.bastion.store.ResourceStore;
import io.bastion.store.WriteBatch;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code <CSEBase>} as the configuration says, since no request may change it (TS-0004 7.4.3.2.1, 7.4.3.2.3):
 * created on first start, its configured {@code acpi} ({@link CseConfig#cseBaseAcpi()}) written at every start. Its
 * {@code pi} is the empty string (TS-0001 9.6.1.3, TS-0004 7.4.3.1), also in a store created before it was set.
 */
public final class CseBaseSetup {
    private static final Logger LOG = LoggerFactory.getLogger(CseBaseSetup.class);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private CseBaseSetup() {
    }

    /** Creates the CSEBase of an IN-CSE or brings the stored one in line with the configuration. */
    public static void apply(CseConfig config, ResourceStore store, Instant now) {
        apply(config, MccConfig.CseType.IN, store, now);
    }

    /** Creates the CSEBase or brings the stored one in line with the configuration, {@code cst} from {@code type}. */
    public static void apply(CseConfig config, MccConfig.CseType type, ResourceStore store, Instant now) {
        Resource stored = store.get(config.cseBaseRi()).orElse(null);
        Resource wanted = stored == null ? created(config, type, now) : configured(config, type, stored, now);
        if (wanted != stored) {
            store.write(new WriteBatch().put(wanted));
        }
    }

    private static Resource created(CseConfig config, MccConfig.CseType type, Instant now) {
        ObjectNode a = F.objectNode();
        // TS-0004 7.4.3.1: no expirationTime; its pi is the empty string (TS-0001 9.6.1.3)
        UniversalAttributes.put(a, ResourceTypes.CSE_BASE, config.cseBaseRi(), config.cseBaseName(), "", now, null);
        a.put("csi", config.cseId());
        a.put("cst", type.code());
        a.set("srt", supportedTypes());
        a.set("srv", releases(config));
        a.putArray("poa");
        setAcpi(a, config.cseBaseAcpi());
        return new Resource(config.cseBaseRi(), null, ResourceTypes.CSE_BASE, config.cseBaseName(), a,
                config.adminOriginator(), null);
    }

    /**
     * The stored CSEBase with the configured attributes, what this version supports ({@code srt}, {@code srv}) and its
     * pi, or {@code stored} itself when it has them all: a store written by an earlier version, or under another
     * configuration, says what this CSE does now.
     */
    private static Resource configured(CseConfig config, MccConfig.CseType type, Resource stored, Instant now) {
        List<String> acpi = stored.getList("acpi");
        boolean acpiChanged = !acpi.equals(config.cseBaseAcpi());
        ArrayNode srt = supportedTypes();
        ArrayNode srv = releases(config);
        boolean capabilitiesChanged = !srt.equals(stored.get("srt")) || !srv.equals(stored.get("srv"))
                || stored.getLong("cst", -1) != type.code();
        if (!acpiChanged && !capabilitiesChanged && stored.attrs().has("pi")) {
            return stored;
        }
        ObjectNode a = stored.attrsCopy();
        a.put("pi", "");
        if (acpiChanged) {
            LOG.info("CSEBase acpi {} replaced by the configured {} (cse.acpi)", acpi, config.cseBaseAcpi());
            setAcpi(a, config.cseBaseAcpi());
        }
        if (capabilitiesChanged) {
            a.put("cst", type.code());
            a.set("srt", srt);
            a.set("srv", srv);
        }
        if (acpiChanged || capabilitiesChanged) {
            a.put("lt", Timestamps.format(now));
        }
        return stored.withAttrs(a, stored.expiry());
    }

    private static ArrayNode supportedTypes() {
        return F.arrayNode().addAll(ResourceTypes.supported().stream().map(F::numberNode).toList());
    }

    private static ArrayNode releases(CseConfig config) {
        return F.arrayNode().addAll(config.supportedReleases().stream().map(F::textNode).toList());
    }

    private static void setAcpi(ObjectNode a, List<String> acpi) {
        if (acpi.isEmpty()) {
            a.remove("acpi");
            return;
        }
        ArrayNode list = a.putArray("acpi");
        acpi.forEach(list::add);
    }
}
