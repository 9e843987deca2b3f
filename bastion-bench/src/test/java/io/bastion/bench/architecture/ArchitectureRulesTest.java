package io.bastion.bench.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checker of {@link ArchitectureTest} on small fixtures: it finds what it must find, and only that. */
class ArchitectureRulesTest {
    private static final String FIXTURE = "io.bastion.bench.architecture.fixture";

    @TempDir
    Path dir;

    private static Path fixtures() throws Exception {
        return Path.of(ArchitectureRulesTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @Test
    void aCycleBetweenTwoPackagesOfAModuleIsReportedWithTheReferencesThatMakeIt() throws Exception {
        ArchitectureRules rules = new ArchitectureRules(Map.of("cyclic", FIXTURE + ".cyclic"), Map.of());
        List<String> found = rules.violations(List.of(
                ClassReferences.read("cyclic", fixtures(), FIXTURE + ".cyclic")));
        String a = FIXTURE + ".cyclic.a";
        String b = FIXTURE + ".cyclic.b";
        assertThat(found).hasSize(1);
        assertThat(found.get(0)).contains("cyclic: packages " + a + ", " + b + " form a cycle")
                .contains(a + ".Order -> " + b + ".Invoice")
                .contains(b + ".Invoice -> " + a + ".Order");
    }

    @Test
    void aModuleThatRefersToOneItMayNotUseIsReported() throws Exception {
        ArchitectureRules rules = new ArchitectureRules(
                Map.of("low", FIXTURE + ".layered.low", "high", FIXTURE + ".layered.high"),
                Map.of("high", Set.of("low"), "low", Set.of()));
        List<String> found = rules.violations(List.of(
                ClassReferences.read("low", fixtures(), FIXTURE + ".layered.low"),
                ClassReferences.read("high", fixtures(), FIXTURE + ".layered.high")));
        assertThat(found).containsExactly("low may not depend on high (it may use no other module): "
                + FIXTURE + ".layered.low.Ground -> " + FIXTURE + ".layered.high.Tower");
    }

    @Test
    void aCleanModulePassesAndStringsThatLookLikeClassNamesDoNotCount() throws Exception {
        ClassReferences clean = ClassReferences.read("clean", fixtures(), FIXTURE + ".clean");
        assertThat(clean.byClass()).containsOnlyKeys(FIXTURE + ".clean.top.Roof", FIXTURE + ".clean.bottom.Wall");
        assertThat(clean.byClass().get(FIXTURE + ".clean.bottom.Wall")).isEmpty();
        ArchitectureRules rules = new ArchitectureRules(Map.of("clean", FIXTURE + ".clean"), Map.of());
        assertThat(rules.violations(List.of(clean))).isEmpty();
    }

    @Test
    void aJarIsReadAsItsFolderIs() throws Exception {
        Path jar = dir.resolve("clean.jar");
        String folder = FIXTURE.replace('.', '/') + "/clean/";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(fixtures().resolve(folder))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(fixtures().relativize(f).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(f));
                out.closeEntry();
            }
        }
        assertThat(ClassReferences.read("clean", jar, FIXTURE + ".clean"))
                .isEqualTo(ClassReferences.read("clean", fixtures(), FIXTURE + ".clean"));
    }

    @Test
    void theRulesOfTheProjectFollowDesignSectionTwo() {
        // The table of DESIGN.md section 2 as ArchitectureTest enforces it: the engine never sees a door or a trust
        // server, and the trust servers never see the engine. They may keep their records in the resource store
        // (the MAF's registrations, issue 15), as the engine does, through the same store API.
        Map<String, Set<String>> may = ArchitectureTest.RULES.mayUse();
        assertThat(may.get("bastion-core")).isEmpty();
        assertThat(may.get("bastion-cse")).containsExactlyInAnyOrder("bastion-core", "bastion-security",
                "bastion-store");
        assertThat(may.get("bastion-trust")).doesNotContain("bastion-cse");
        assertThat(may.get("bastion-bindings")).doesNotContain("bastion-trust", "bastion-server");
    }
}
