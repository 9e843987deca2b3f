package io.bastion.client.trust;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** MO_NODE processing (TS-0003 8.3.9.9): each cmdStatusCode from a tree of TS-0022 objects, by a table of cases. */
class MoNodeProcessorTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Map<String, String> TREE = Map.ofEntries(
            Map.entry("reg1", "{\"dcfg:reg\":{\"poa\":[\"https://cse:8443\"],\"csi\":\"/id-in\",\"cb\":\"cse-in\"}}"),
            Map.entry("reg1/psk", "{\"dcfg:autp\":{\"suid\":12,\"aski\":\"k1\",\"tlcs\":[174],\"skv\":\"AAEC\"}}"),
            Map.entry("reg1/psknokey", "{\"dcfg:autp\":{\"suid\":12,\"aski\":\"k1\",\"tlcs\":[174]}}"),
            Map.entry("reg1/pskdtls", "{\"dcfg:autp\":{\"suid\":12,\"aski\":\"k1\",\"tlcs\":[49320],\"skv\":\"AA\"}}"),
            Map.entry("reg1/noaski", "{\"dcfg:autp\":{\"suid\":12,\"tlcs\":[174]}}"),
            Map.entry("reg1/gcmonly", "{\"dcfg:autp\":{\"suid\":12,\"aski\":\"k1\",\"tlcs\":[168]}}"),
            Map.entry("reg1/cert", "{\"dcfg:autp\":{\"suid\":42,\"tlcs\":[49187],\"mcfp\":\"" + "ab".repeat(32)
                    + "\"}}"),
            Map.entry("reg1/certnofp", "{\"dcfg:autp\":{\"suid\":42,\"tlcs\":[49187]}}"),
            Map.entry("reg1/certpsk", "{\"dcfg:autp\":{\"suid\":42,\"tlcs\":[174],\"mcfp\":\"ab\"}}"),
            Map.entry("reg1/certta", "{\"dcfg:autp\":{\"suid\":42,\"tlcs\":[49187],\"mcfp\":\"ab\"}}"),
            Map.entry("reg1/certta/tac", "{\"dcfg:tac\":{\"uri\":\"https://mef/ta\",\"cfp\":\"00\"}}"),
            Map.entry("reg1/mef", "{\"dcfg:autp\":{\"suid\":22,\"tlcs\":[174],\"mkrd\":3600}}"),
            Map.entry("reg1/mefok", "{\"dcfg:autp\":{\"suid\":22,\"tlcs\":[174],\"mkrd\":3600}}"),
            Map.entry("reg1/mefok/cfg", "{\"dcfg:mecrc\":{\"fq\":\"mef.example\"}}"),
            Map.entry("reg1/maf", "{\"dcfg:autp\":{\"suid\":32,\"tlcs\":[174],\"mkrd\":3600}}"),
            Map.entry("reg1/maf/cfg", "{\"dcfg:macrc\":{\"fq\":\"maf.example\"}}"),
            Map.entry("toplevel", "{\"dcfg:autp\":{\"suid\":12,\"aski\":\"k1\",\"tlcs\":[174],\"skv\":\"AA\"}}"),
            Map.entry("tac1", "{\"dcfg:tac\":{\"uri\":\"https://mef.example/mef/ta/x\",\"cfp\":\"" + "cd".repeat(32)
                    + "\"}}"),
            Map.entry("tacbad", "{\"dcfg:tac\":{\"uri\":\"https://mef.example/mef/ta/x\",\"cfp\":\"nothex\"}}"),
            Map.entry("tacelse", "{\"dcfg:tac\":{\"uri\":\"https://else.example/ca\",\"cfp\":\"" + "cd".repeat(32)
                    + "\"}}"),
            Map.entry("maf1", "{\"dcfg:macrc\":{\"fq\":\"maf.example\",\"adfq\":\"sp.example\"}}"),
            Map.entry("maf3", "{\"dcfg:macrc\":{\"fq\":\"maf.example\",\"adfq\":\"sp.example\",\"hpt\":8094,"
                    + "\"et\":\"20991231T000000\"}}"),
            Map.entry("maf4", "{\"dcfg:macrc\":{\"fq\":\"maf.example\",\"adfq\":\"sp.example\",\"hpt\":8094}}"),
            Map.entry("maf5", "{\"dcfg:macrc\":{\"fq\":\"maf.example\",\"adfq\":\"sp.example\",\"cpt\":5684,"
                    + "\"et\":\"20991231T000000\"}}"));

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "pre-provisioned key held             | {\"ajop\":\"reg1/psk\",\"otyp\":1,\"otsa\":{\"suid\":12}}       | 20",
        "leading slash, DTLS mandatory suite  | {\"ajop\":\"/reg1/pskdtls\",\"otyp\":1,\"otsa\":{\"suid\":12}}  | 20",
        "no such node                         | {\"ajop\":\"reg9/x\",\"otyp\":2}                                | 300",
        "a tac where an autp is said          | {\"ajop\":\"tac1\",\"otyp\":1,\"otsa\":{\"suid\":12}}           | 301",
        "an autp where a macrc is said        | {\"ajop\":\"reg1/psk\",\"otyp\":3}                              | 301",
        "autp without otsa                    | {\"ajop\":\"reg1/psk\",\"otyp\":1}                              | 302",
        "SUID not the node's                  | {\"ajop\":\"reg1/psk\",\"otyp\":1,\"otsa\":{\"suid\":42}}       | 303",
        "SUID 12 not under a reg              | {\"ajop\":\"toplevel\",\"otyp\":1,\"otsa\":{\"suid\":12}}       | 304",
        "SUID 12 without aski                 | {\"ajop\":\"reg1/noaski\",\"otyp\":1,\"otsa\":{\"suid\":12}}    | 304",
        "tlcs without the mandatory PSK suite | {\"ajop\":\"reg1/gcmonly\",\"otyp\":1,\"otsa\":{\"suid\":12}}   | 304",
        "SUID 42 without mcfp                 | {\"ajop\":\"reg1/certnofp\",\"otyp\":1,\"otsa\":{\"suid\":42}}  | 304",
        "SUID 42 with PSK suites only         | {\"ajop\":\"reg1/certpsk\",\"otyp\":1,\"otsa\":{\"suid\":42}}   | 304",
        "SUID 42 with a tac child             | {\"ajop\":\"reg1/certta\",\"otyp\":1,\"otsa\":{\"suid\":42}}    | 304",
        "SUID 22 without a mecrc child        | {\"ajop\":\"reg1/mef\",\"otyp\":1,\"otsa\":{\"suid\":22}}       | 304",
        "SUID 22 consistent, no MEF key reg   | {\"ajop\":\"reg1/mefok\",\"otyp\":1,\"otsa\":{\"suid\":22}}     | 305",
        "SUID 32 consistent, no KmID          | {\"ajop\":\"reg1/maf\",\"otyp\":1,\"otsa\":{\"suid\":32}}       | 305",
        "pre-provisioned key not held         | {\"ajop\":\"reg1/psknokey\",\"otyp\":1,\"otsa\":{\"suid\":12}}  | 305",
        "certificate not held                 | {\"ajop\":\"reg1/cert\",\"otyp\":1,\"otsa\":{\"suid\":42}}      | 305",
        "tac whose GET fails                  | {\"ajop\":\"tac1\",\"otyp\":2}                                  | 305",
        "tac with a malformed cfp             | {\"ajop\":\"tacbad\",\"otyp\":2}                                | 305",
        "tac elsewhere than the MEF           | {\"ajop\":\"tacelse\",\"otyp\":2}                               | 305",
        "macrc without hpt: no HTTP port      | {\"ajop\":\"maf1\",\"otyp\":3}                                  | 305",
        "macrc, no SUID 21 child: no KmID     | {\"ajop\":\"maf3\",\"otyp\":3}                                  | 305",
        "macrc without et                     | {\"ajop\":\"maf4\",\"otyp\":3}                                  | 305",
        "macrc with a CoAP port only          | {\"ajop\":\"maf5\",\"otyp\":3}                                  | 305",
        "no ajop                              | {\"otyp\":2}                                                    | 42",
        "otyp not of 12.3.2.7                 | {\"ajop\":\"tac1\",\"otyp\":7}                                  | 43",
    })
    void eachNodeEndsWithItsCode(String name, String nnca, int expected) throws Exception {
        Map<String, JsonNode> tree = new TreeMap<>();
        for (Map.Entry<String, String> e : TREE.entrySet()) {
            tree.put(e.getKey(), JSON.readTree(e.getValue()));
        }
        MoNodeProcessor.Tree source = new MoNodeProcessor.Tree() {
            @Override
            public JsonNode node(String path) {
                return tree.get(path);
            }

            @Override
            public List<String> paths() {
                return List.copyOf(tree.keySet());
            }

            @Override
            public Optional<byte[]> get(URI uri) {
                return Optional.empty(); // nothing reachable: a GET that does not succeed
            }
        };
        DeviceConfiguration config = new DeviceConfiguration();
        MoNodeProcessor p = new MoNodeProcessor(source, config, Optional.empty());
        int status;
        try {
            p.process(JSON.readTree(nnca));
            status = CommandFailed.OK;
        } catch (CommandFailed f) {
            status = f.status;
            assertThat(f.getMessage()).as("a reason is given").isNotBlank();
            // the MAFClientRegCfg cases fail for the reason their name gives (8.3.9.9.8)
            Map<String, String> why = Map.of("maf1", "no hpt", "maf3", "no authenticationProfile child of SUID 21",
                    "maf4", "et (expirationTime) missing", "maf5", "no hpt");
            String path = JSON.readTree(nnca).path("ajop").asText();
            if (why.containsKey(path)) {
                assertThat(f.getMessage()).as(name).contains(why.get(path));
            }
        }
        assertThat(status).as(name).isEqualTo(expected);
        if (expected == CommandFailed.OK) {
            // the nodes it needed are now part of the device's tree, and the reg node says where the CSE is
            assertThat(config.nodes()).containsKey("reg1");
            assertThat(config.registration()).hasValueSatisfying(r -> assertThat(r.cseId()).isEqualTo("/id-in"));
        }
    }

    /** 8.3.9.9.4: the MEF Key Registration formed from the autp, its child mecrc and its parent; the key kept. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "parent reg: the Registrar CSE     | reg2/k    | 22 | 20  | /id-in      | PT1H",
        "parent macrc: the MAF's fqdn      | maf2/k    | 21 | 20  | maf.example | PT1H",
        "seconds as a number               | reg2/num  | 22 | 20  | /id-in      | PT1M",
        "mkrd in years                     | reg2/year | 22 | 305 | -           | -",
        "mecrc without adfq                | reg2/noad | 22 | 305 | -           | -",
        "the MEF refuses                   | reg2/no   | 22 | 305 | -           | -",
        "parent dataCollection             | datc/k    | 23 | 305 | -           | -",
    })
    void aMefEstablishedKeyIsRegisteredFromTheNodes(String name, String path, int suid, int expected, String target,
                                                    String lifetime) throws Exception {
        String cfg = "{\"dcfg:mecrc\":{\"fq\":\"mef.example\",\"adfq\":\"sp.example\"}}";
        Map<String, String> nodes = Map.ofEntries(
                Map.entry("reg2", "{\"dcfg:reg\":{\"csi\":\"/id-in\",\"cb\":\"cse-in\"}}"),
                Map.entry("reg2/k", "{\"dcfg:autp\":{\"suid\":22,\"tlcs\":[174],\"mkrd\":\"PT1H\",\"mkrl\":[\"l1\"]}}"),
                Map.entry("reg2/k/m", cfg),
                Map.entry("reg2/num", "{\"dcfg:autp\":{\"suid\":22,\"tlcs\":[174],\"mkrd\":60}}"),
                Map.entry("reg2/num/m", cfg),
                Map.entry("reg2/year", "{\"dcfg:autp\":{\"suid\":22,\"tlcs\":[174],\"mkrd\":\"P1Y\"}}"),
                Map.entry("reg2/year/m", cfg),
                Map.entry("reg2/noad", "{\"dcfg:autp\":{\"suid\":22,\"tlcs\":[174],\"mkrd\":\"PT1H\"}}"),
                Map.entry("reg2/noad/m", "{\"dcfg:mecrc\":{\"fq\":\"mef.example\"}}"),
                Map.entry("reg2/no", "{\"dcfg:autp\":{\"suid\":22,\"tlcs\":[174],\"mkrd\":\"PT1H\"}}"),
                Map.entry("reg2/no/m", "{\"dcfg:mecrc\":{\"fq\":\"mef.example\",\"adfq\":\"refused.example\"}}"),
                Map.entry("maf2", "{\"dcfg:macrc\":{\"fq\":\"maf.example\",\"adfq\":\"sp.example\"}}"),
                Map.entry("maf2/k", "{\"dcfg:autp\":{\"suid\":21,\"tlcs\":[174],\"mkrd\":\"PT1H\"}}"),
                Map.entry("maf2/k/m", cfg),
                Map.entry("datc", "{\"dcfg:datc\":{\"cntp\":\"/id-in/cse-in/x\"}}"),
                Map.entry("datc/k", "{\"dcfg:autp\":{\"suid\":23,\"tlcs\":[168],\"mkrd\":\"PT1H\"}}"),
                Map.entry("datc/k/m", cfg));
        Map<String, JsonNode> tree = new TreeMap<>();
        for (Map.Entry<String, String> e : nodes.entrySet()) {
            tree.put(e.getKey(), JSON.readTree(e.getValue()));
        }
        List<String> asked = new java.util.ArrayList<>();
        MoNodeProcessor.KeyRegistrar mef = (fq, adfq, sd, targets, et, labels) -> {
            if (!adfq.equals("sp.example")) {
                throw new TrustServiceException(4103, "not served");
            }
            asked.add(fq + " " + adfq + " " + sd + " " + targets + " " + labels + " "
                    + Duration.between(Instant.now(), et).plusSeconds(5).truncatedTo(ChronoUnit.MINUTES));
            return new MafKey("00".repeat(16), "00".repeat(16) + "@" + fq, new byte[32], et, "Cdev", adfq, sd,
                    targets);
        };
        DeviceConfiguration config = new DeviceConfiguration();
        MoNodeProcessor p = new MoNodeProcessor(new MoNodeProcessor.Tree() {
            @Override
            public JsonNode node(String at) {
                return tree.get(at);
            }

            @Override
            public List<String> paths() {
                return List.copyOf(tree.keySet());
            }

            @Override
            public Optional<byte[]> get(URI uri) {
                return Optional.empty();
            }
        }, config, Optional.empty(), mef);
        int status;
        try {
            p.process(JSON.readTree("{\"ajop\":\"" + path + "\",\"otyp\":1,\"otsa\":{\"suid\":" + suid + "}}"));
            status = CommandFailed.OK;
        } catch (CommandFailed f) {
            status = f.status;
            assertThat(f.getMessage()).as("a reason is given").isNotBlank();
        }
        assertThat(status).as(name).isEqualTo(expected);
        if (expected == CommandFailed.OK) {
            assertThat(asked).singleElement().isEqualTo("mef.example sp.example " + suid + " [" + target + "] "
                    + (path.equals("reg2/k") ? "[l1]" : "[]") + " " + Duration.parse(lifetime));
            assertThat(config.symmetricKey("/" + path)).hasValueSatisfying(k -> assertThat(k.pskIdentity())
                    .endsWith("@mef.example"));
            assertThat(config.toString()).doesNotContain("0000000000");
        } else {
            assertThat(config.symmetricKey(path)).isEmpty();
        }
    }

    @ParameterizedTest
    @CsvSource({"0x00AE,true,false", "0xC0A8,true,false", "0x00A8,false,false", "0xC023,false,true",
        "0xC0AE,false,true", "0xC02B,false,false"})
    void theMandatorySuitesOf1022And1023ByTheirIanaNumbers(String suite, boolean psk, boolean cert) {
        int n = Integer.decode(suite);
        assertThat(MoNodeProcessor.PSK_MANDATORY.contains(n)).isEqualTo(psk);
        assertThat(MoNodeProcessor.CERT_MANDATORY.contains(n)).isEqualTo(cert);
    }
}
