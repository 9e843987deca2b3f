package io.bastion.trust.keys;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.core.codec.Serialization;
import io.bastion.core.primitive.Operation;
import io.bastion.core.primitive.Request;
import io.bastion.core.primitive.Response;
import io.bastion.core.primitive.ResponseStatusCode;
import io.bastion.core.text.Excerpt;
import io.bastion.core.time.Timestamps;
import io.bastion.security.credential.PreSharedKey;
import io.bastion.security.maf.KeyRetrieval;
import io.bastion.security.maf.KeyRetrieval.MafException;
import io.bastion.security.maf.RetrievedKey;
import io.bastion.core.binding.RequestTransport;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The CSE's MAF Key Retrieval (TS-0003 8.8.2.8) over its TLS-PSK association with the MAF (the MAF Handshake with this
 * CSE's KmID, 8.8.2.2): RETRIEVE {@code maf/<RelativeKeyID>} from {@code maf.originator}, the answer's
 * {@code sec:mkr} giving {@code kv} (base64), {@code et}, {@code cr} and {@code suid}. A 4004 or 4103 is definitive
 * (the key is gone or not for this CSE); no answer is not. The MEF Key Retrieval (8.3.5.2.8) is the same exchange
 * on the MEF's {@code <MEFBase>} over this CSE's bootstrap session with the MEF ({@link #mef}): RETRIEVE
 * {@code mef/<RelativeKeyID>}, the same {@code sec:mkr} answer. A MEF names its enrolees by SP-relative IDs (an AE of
 * this CSE is {@code /id-in/Cdev1}); such a Source MEF Client ID is bound as the AE-ID-Stem ({@code Cdev1}) that the
 * AE registers and originates with here, as a certificate naming {@code /id-in/Cdev1} is; a MAF key's source is bound
 * the same way ({@link #maf}). A MAF resolving its clients' MEF-provisioned KmIDs ({@link #mefForMaf}) has no CSE: it
 * takes the source as the MEF gives it. Shared by the CSE (bastion-server) and the MAF (bastion-trust).
 */
public final class MafKeyRetrieval implements KeyRetrieval {
    private final String function;
    private final RequestTransport transport;
    private final String url;
    private final String originator;
    private final Duration timeout;
    private final String localPrefix;

    /** The MAF Key Retrieval (TS-0003 8.8.2.8) with the MAF at {@code url}; {@code cseId} this CSE's. */
    public static MafKeyRetrieval maf(RequestTransport transport, String url, String originator, Duration timeout,
                                      String cseId) {
        return new MafKeyRetrieval("MAF", transport, url, originator, timeout, cseId + "/");
    }

    /** The MEF Key Retrieval (TS-0003 8.3.5.2.8) with the MEF at {@code url}; {@code cseId} this CSE's. */
    public static MafKeyRetrieval mef(RequestTransport transport, String url, String originator, Duration timeout,
                               String cseId) {
        return new MafKeyRetrieval("MEF", transport, url, originator, timeout, cseId + "/");
    }

    /**
     * The MEF Key Retrieval (TS-0003 8.3.5.2.8) of a MAF, a Target MEF Client named by its FQDN, for the KmIDs its
     * clients present (SUID 21 keys, 8.3.9.9.5): the source is kept as the MEF names it ({@code /id-in/Cdev1}).
     */
    public static MafKeyRetrieval mefForMaf(RequestTransport transport, String url, String originator,
                                            Duration timeout) {
        return new MafKeyRetrieval("MEF", transport, url, originator, timeout, null);
    }

    private MafKeyRetrieval(String function, RequestTransport transport, String url, String originator,
                            Duration timeout, String localPrefix) {
        this.localPrefix = localPrefix;
        this.function = function;
        this.transport = transport;
        this.url = url;
        this.originator = originator;
        this.timeout = timeout;
    }

    @Override
    public CompletableFuture<RetrievedKey> retrieve(String relativeKeyId) {
        String base = function.toLowerCase(java.util.Locale.ROOT);
        Request rq = Request.builder(Operation.RETRIEVE, base + "/" + relativeKeyId).fr(originator)
                .rqi(base + "-" + UUID.randomUUID()).rvi("3").build();
        return transport.send(url, rq, Serialization.JSON, timeout).handle((rsp, e) -> {
            if (e != null) {
                throw new MafException("the " + function + " at " + url + " is unreachable (" + describe(e) + ")",
                        false);
            }
            return key(rsp);
        });
    }

    private static String describe(Throwable e) {
        Throwable t = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        return t instanceof java.util.concurrent.TimeoutException ? "no answer in time"
                : t.getMessage() == null ? t.getClass().getSimpleName() : Excerpt.of(t.getMessage());
    }

    /** {@code /id-in/Cdev1} as {@code Cdev1} for a MEF's enrolee of this CSE; any other ID unchanged. */
    private String local(String sourceId) {
        if (localPrefix != null && sourceId.startsWith(localPrefix)
                && sourceId.indexOf('/', localPrefix.length()) < 0) {
            return sourceId.substring(localPrefix.length());
        }
        return sourceId;
    }

    private RetrievedKey key(Response rsp) {
        if (rsp.rsc() != ResponseStatusCode.OK) {
            JsonNode dbg = rsp.pc() == null ? null : rsp.pc().get("m2m:dbg");
            boolean definitive = rsp.rsc() == ResponseStatusCode.NOT_FOUND
                    || rsp.rsc() == ResponseStatusCode.ORIGINATOR_HAS_NO_PRIVILEGE;
            throw new MafException("the " + function + " answered " + rsp.rsc().code() + (dbg == null ? ""
                    : " (" + Excerpt.of(dbg.asText()) + ")"), definitive);
        }
        // sec:mkr; m2m:mkr from a MAF answering as Bastion's first MAF did
        JsonNode k = rsp.pc() == null ? null : rsp.pc().has("sec:mkr") ? rsp.pc().get("sec:mkr")
                : rsp.pc().get("m2m:mkr");
        if (k == null || !k.path("kv").isTextual() || !k.path("et").isTextual() || !k.path("cr").isTextual()
                || !k.path("suid").canConvertToInt()) {
            throw new MafException("the " + function + "'s answer has no sec:mkr with kv, et, cr and suid", false);
        }
        byte[] kv;
        try {
            kv = Base64.getDecoder().decode(k.get("kv").asText());
        } catch (IllegalArgumentException e) {
            throw new MafException("the " + function + "'s kv is not base64", false);
        }
        try {
            return new RetrievedKey(PreSharedKey.of(kv), Timestamps.parse(k.get("et").asText(), "et"),
                    local(k.get("cr").asText()), k.get("suid").asInt());
        } catch (IllegalArgumentException | io.bastion.core.primitive.OneM2MException e) {
            throw new MafException("the " + function + "'s key is unusable: " + e.getMessage(), false);
        } finally {
            Arrays.fill(kv, (byte) 0);
        }
    }
}
