package io.bastion.cse.access;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.core.primitive.Authentication;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Peer;
import io.bastion.core.primitive.Request;
import io.bastion.core.resource.Resource;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.cse.config.CseConfig;
import io.bastion.cse.request.RequestContext;
import io.bastion.security.acp.AcpParser;
import io.bastion.security.acp.LocalIdentity;
import io.bastion.store.WriteBatch;
import io.bastion.store.sqlite.SqliteResourceStore;
import io.bastion.store.sqlite.StoreConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Resources stored as the engine would store them, below the CSEBase of the default configuration, for the tests of
 * the access package: a policy {@code acp1} that lets Creader RETRIEVE and Cowner do everything.
 */
final class AccessFixture implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant NOW = Instant.parse("2026-03-14T10:00:00Z");
    static final String RULES = "{\"acr\":[{\"acor\":[\"Creader\"],\"acop\":2},{\"acor\":[\"Cowner\"],\"acop\":63}]}";

    final CseConfig config = CseConfig.defaults();
    final LocalIdentity local = new LocalIdentity(config.spId(), config.cseId());
    final AcpParser parser = new AcpParser(local);
    final SqliteResourceStore store;

    AccessFixture(Path dir) throws Exception {
        store = SqliteResourceStore.open(StoreConfig.of(dir.resolve("access.db")));
        put(config.cseBaseRi(), null, ResourceTypes.CSE_BASE, config.cseBaseName(), "{}", null);
        acp("acp1", RULES, RULES, null);
    }

    /** Stores a resource of type {@code ty} below {@code pi} (its path from the parent's) with the attributes given. */
    Resource put(String ri, String pi, int ty, String path, String attrs, Instant expiry) throws Exception {
        ObjectNode a = (ObjectNode) JSON.readTree(attrs);
        a.put("ty", ty).put("ri", ri).put("rn", path.substring(path.lastIndexOf('/') + 1))
                .put("lt", "20260314T100000");
        if (pi != null) {
            a.put("pi", pi);
        }
        Resource r = new Resource(ri, pi, ty, path, a, "Cowner", expiry);
        store.write(new WriteBatch().put(r));
        return r;
    }

    /** An accessControlPolicy below the CSEBase with the given pv and pvs (JSON, stored as they are). */
    Resource acp(String ri, String pv, String pvs, Instant expiry) throws Exception {
        return put(ri, config.cseBaseRi(), ResourceTypes.ACP, config.cseBaseName() + "/" + ri,
                "{\"pv\":" + pv + ",\"pvs\":" + pvs + "}", expiry);
    }

    /** A container below the CSEBase whose acpi lists {@code acpi}. */
    Resource container(String ri, List<String> acpi) throws Exception {
        return put(ri, config.cseBaseRi(), ResourceTypes.CNT, config.cseBaseName() + "/" + ri,
                "{\"acpi\":" + JSON.writeValueAsString(acpi) + "}", null);
    }

    /** A request of {@code op} by {@code originator}, received at {@link #NOW}. */
    static RequestContext request(String originator, Operation op) {
        return new RequestContext(Request.builder(op, "cse-in/x").fr(originator).rqi("rq1").rvi("3").build(),
                new Peer(new InetSocketAddress("127.0.0.1", 40000), "http", Authentication.none()), NOW);
    }

    @Override
    public void close() {
        store.close();
    }
}
