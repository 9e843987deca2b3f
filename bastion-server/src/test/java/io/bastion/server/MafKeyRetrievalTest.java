package io.bastion.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bastion.core.binding.RequestTransport;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.security.maf.KeyRetrieval;
import io.bastion.security.maf.RetrievedKey;
import io.bastion.trust.keys.MafKeyRetrieval;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The MEF Key Retrieval at the CSE (TS-0003 8.3.5.2.8) answer by answer, and the mef.* settings. */
class MafKeyRetrievalTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String KV = "oKGio6SlpqeoqaqrrK2ur7CxsrO0tba3uLm6u7y9vr8="; // 32 bytes a0..bf

    /** A next hop answering every request with {@code answer}. */
    static RequestTransport answering(java.util.function.Function<Request, CompletableFuture<Response>> answer) {
        return new RequestTransport() {
            @Override
            public boolean supports(String poa) {
                return true;
            }

            @Override
            public CompletableFuture<Response> send(String poa, Request rq, io.bastion.core.codec.Serialization ser,
                                                    Duration timeout) {
                return answer.apply(rq);
            }
        };
    }

    record Case(String name, Response answer, String source, String refused, boolean definitive) {
    }

    static Response key(String cr) throws Exception {
        return Response.of(ResponseStatusCode.OK, JSON.readTree("{\"sec:mkr\":{\"kv\":\"" + KV + "\",\"et\":"
                + "\"20991231T000000\",\"cr\":\"" + cr + "\",\"adfq\":\"sp.example\",\"suid\":22}}"));
    }

    @Test
    void eachMefAnswerGivesAKeyBoundToTheLocalAeIdOrSaysWhyNot() throws Exception {
        List<Case> cases = List.of(
                new Case("an AE of this CSE, SP-relative", key("/id-in/Cdev1"), "Cdev1", null, false),
                new Case("an AE-ID-Stem", key("Cdev1"), "Cdev1", null, false),
                new Case("an AE of another CSE stays as is", key("/id-mn/Cdev1"), "/id-mn/Cdev1", null, false),
                new Case("this CSE itself", key("/id-in"), "/id-in", null, false),
                new Case("deeper than an AE stays as is", key("/id-in/Cdev1/x"), "/id-in/Cdev1/x", null, false),
                new Case("gone", Response.error(ResponseStatusCode.NOT_FOUND, "no key"), null, "MEF answered 4004",
                        true),
                new Case("not a target", Response.error(ResponseStatusCode.ORIGINATOR_HAS_NO_PRIVILEGE, "no"), null,
                        "MEF answered 4103", true),
                new Case("no sec:mkr", Response.of(ResponseStatusCode.OK, JSON.readTree("{\"m2m:dbg\":\"x\"}")),
                        null, "MEF's answer has no sec:mkr", false));
        for (Case c : cases) {
            AtomicReference<Request> sent = new AtomicReference<>();
            RequestTransport t = answering(rq -> {
                sent.set(rq);
                return CompletableFuture.completedFuture(c.answer());
            });
            CompletableFuture<RetrievedKey> f = MafKeyRetrieval.mef(t, "https://mef:8095", "/id-in",
                    Duration.ofSeconds(1), "/id-in").retrieve("00112233445566778899aabbccddeeff");
            assertThat(sent.get().to()).as(c.name()).isEqualTo("mef/00112233445566778899aabbccddeeff");
            assertThat(sent.get().fr()).isEqualTo("/id-in");
            if (c.refused() == null) {
                RetrievedKey k = f.get();
                assertThat(k.sourceId()).as(c.name()).isEqualTo(c.source());
                assertThat(k.suid()).isEqualTo(22);
                assertThat(k.toString()).doesNotContain("a0a1");
            } else {
                assertThatThrownBy(f::join).as(c.name()).isInstanceOf(CompletionException.class)
                        .cause().isInstanceOf(KeyRetrieval.MafException.class).hasMessageContaining(c.refused())
                        .satisfies(e -> assertThat(((KeyRetrieval.MafException) e).definitive())
                                .isEqualTo(c.definitive()));
            }
        }
        RequestTransport down = answering(rq -> CompletableFuture.failedFuture(new TimeoutException()));
        assertThatThrownBy(MafKeyRetrieval.mef(down, "https://mef:8095", "/id-in", Duration.ofSeconds(1), "/id-in")
                .retrieve("00112233445566778899aabbccddeeff")::join).cause()
                .hasMessage("the MEF at https://mef:8095 is unreachable (no answer in time)");
        // the MAF's retrieval binds an AE of this CSE as its AE-ID-Stem too (a MEF-enrolled MAF Client is named
        // /id-in/Cdev1 at the MAF), an AE of another CSE as the MAF gives it; the MAF's own keeps every source
        for (String[] c : List.of(new String[] {"/id-in/Cphone", "Cphone"}, new String[] {"/id-mn/Cphone",
                "/id-mn/Cphone"}, new String[] {"Cphone", "Cphone"})) {
            Response phone = key(c[0]);
            RequestTransport maf = answering(rq -> CompletableFuture.completedFuture(phone));
            assertThat(MafKeyRetrieval.maf(maf, "https://maf", "/id-in", Duration.ofSeconds(1), "/id-in")
                    .retrieve("ab").join().sourceId()).as(c[0]).isEqualTo(c[1]);
            assertThat(MafKeyRetrieval.mefForMaf(maf, "https://mef", "maf.example", Duration.ofSeconds(1))
                    .retrieve("ab").join().sourceId()).as(c[0]).isEqualTo(c[0]);
        }
    }

    @Test
    void mefSettingsNeedTheKpmIdAndTheFqdnWithAUrl() {
        record S(String name, String props, String refused) {
        }
        for (S c : List.of(
                new S("none", "", null),
                new S("complete", "mef.url=https://127.0.0.1:8095\nmef.psk-identity=kpm-cse@mef.example\n"
                        + "mef.fqdn=mef.example\n"
                        + "mef.recheck-ms=400", null),
                new S("no KpmID", "mef.url=https://127.0.0.1:8095\nmef.fqdn=mef.example", "mef.psk-identity"),
                new S("a KpmID not of the PSK store's form", "mef.url=https://127.0.0.1:8095\n"
                        + "mef.psk-identity=kpm-cse\nmef.fqdn=mef.example", "mef.psk-identity"),
                new S("no FQDN", "mef.url=https://127.0.0.1:8095\nmef.psk-identity=kpm-cse@mef.example", "mef.fqdn"),
                new S("upper-case FQDN", "mef.url=https://h:1\nmef.psk-identity=k@mef.example\n"
                        + "mef.fqdn=MEF.example", "mef.fqdn"),
                new S("plain http", "mef.url=http://h:1\nmef.psk-identity=k\nmef.fqdn=mef.example", "https://"),
                new S("recheck too short", "mef.recheck-ms=10", "at least 50"))) {
            Properties p = new Properties();
            try {
                p.load(new java.io.StringReader(c.props()));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            if (c.refused() == null) {
                MefClientSettings m = MefClientSettings.load(p);
                assertThat(m.url() == null).as(c.name()).isEqualTo(c.props().isEmpty());
            } else {
                assertThatThrownBy(() -> MefClientSettings.load(p)).as(c.name())
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(c.refused());
            }
        }
    }
}
