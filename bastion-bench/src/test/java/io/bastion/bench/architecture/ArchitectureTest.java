package io.bastion.bench.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The layout of DESIGN.md section 2, checked on the compiled classes of every module (this module sees them all): no
 * package cycle inside a module, and no module dependency that the table's "may depend on" column does not allow.
 *
 * <p>How the column is read: a module may use what its row lists, and a module that lists the engine may use what the
 * engine may use (bindings lists cse: so core, security and store too). The trust servers list core, security and
 * bindings but not the engine: they reach it through no interface of their own, so the engine and its store stay
 * closed to them although bindings itself sits on the engine. The client library lists core and security only: no
 * server code reaches an AE. The server and the benchmarks may use everything.
 */
class ArchitectureTest {
    private static final String CORE = "bastion-core";
    private static final String SECURITY = "bastion-security";
    private static final String STORE = "bastion-store";
    private static final String CSE = "bastion-cse";
    private static final String BINDINGS = "bastion-bindings";
    private static final String TRUST = "bastion-trust";
    private static final String CLIENT = "bastion-client";
    private static final String SERVER = "bastion-server";
    private static final String BENCH = "bastion-bench";

    /** Each module with one of its classes, whose code source is where the module's classes are. */
    private static final Map<String, String> ANCHORS = anchors();

    static final ArchitectureRules RULES = new ArchitectureRules(prefixes(), Map.of(
            CORE, Set.of(),
            SECURITY, Set.of(CORE),
            STORE, Set.of(CORE),
            CSE, Set.of(CORE, SECURITY, STORE),
            BINDINGS, Set.of(CSE, CORE, SECURITY, STORE),
            TRUST, Set.of(CORE, SECURITY, STORE, BINDINGS),
            CLIENT, Set.of(CORE, SECURITY),
            SERVER, Set.of(CORE, SECURITY, STORE, CSE, BINDINGS, TRUST, CLIENT),
            BENCH, Set.of(CORE, SECURITY, STORE, CSE, BINDINGS, TRUST, CLIENT, SERVER)));

    private static Map<String, String> anchors() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(CORE, "io.bastion.core.primitive.Request");
        m.put(SECURITY, "io.bastion.security.acp.AccessDecision");
        m.put(STORE, "io.bastion.store.ResourceStore");
        m.put(CSE, "io.bastion.cse.Cse");
        m.put(BINDINGS, "io.bastion.bindings.http.HttpBinding");
        m.put(TRUST, "io.bastion.trust.das.DasServer");
        m.put(CLIENT, "io.bastion.client.CseClient");
        m.put(SERVER, "io.bastion.server.Main");
        m.put(BENCH, "io.bastion.bench.BenchMain");
        return m;
    }

    private static Map<String, String> prefixes() {
        Map<String, String> m = new LinkedHashMap<>();
        ANCHORS.keySet().forEach(module -> m.put(module, "io.bastion." + module.substring("bastion-".length())));
        return m;
    }

    @Test
    void noPackageCycleAndNoForbiddenModuleDependency() throws Exception {
        List<ClassReferences> modules = new ArrayList<>();
        for (Map.Entry<String, String> e : ANCHORS.entrySet()) {
            ClassReferences m = ClassReferences.read(e.getKey(), location(e.getValue()),
                    RULES.prefixes().get(e.getKey()));
            assertThat(m.byClass()).as("classes read for " + e.getKey()).hasSizeGreaterThan(10);
            modules.add(m);
        }
        assertThat(RULES.violations(modules)).as("package cycles and forbidden module dependencies").isEmpty();
    }

    private static Path location(String className) throws ClassNotFoundException, URISyntaxException {
        Class<?> c = Class.forName(className, false, ArchitectureTest.class.getClassLoader());
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
