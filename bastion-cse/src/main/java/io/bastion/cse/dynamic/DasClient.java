package io.bastion.cse.dynamic;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.security.dynamic.DasRequest;
import io.bastion.security.dynamic.DasResponse;
import io.bastion.security.dynamic.MalformedSecurityInfoException;
import io.bastion.security.dynamic.SecurityInfo;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Sends one NOTIFY with {@code m2m:seci} content to a Dynamic Authorization Server and returns its answer. The
 * content is built and read only with the records of {@code io.bastion.security.dynamic} ({@link #consult},
 * {@link #lookupTokens}), which the DAS of bastion-trust uses too: one definition of the wire format.
 */
@FunctionalInterface
public interface DasClient {

    /**
     * Consults nobody: every consultation fails, so dynamic authorization grants nothing (a CSE built without a client
     * for DAS endpoints).
     */
    DasClient NONE = (das, originator, content, timeout) -> {
        throw new DasFailure("this CSE has no client to consult the DAS at " + das);
    };

    /**
     * @param das the DAS's point of access (a {@code dap} entry)
     * @param originator the CSE-ID this CSE sends as {@code X-M2M-Origin}
     * @param content the request content, {@code {"m2m:seci": {...}}}
     * @param timeout the whole exchange must finish within this
     * @return the response content of a 2xxx answer ({@code {"m2m:seci": {...}}}), or null when it had none
     *         (nothing granted)
     * @throws DasFailure the DAS gave no usable answer in time
     */
    JsonNode notify(URI das, String originator, JsonNode content, Duration timeout) throws DasFailure;

    /**
     * A direct dynamic authorization consultation (TS-0003 7.3.2.2): {@code sit}=1 with {@code dreq}, answered by a
     * {@code dres} or by no content ({@link DasResponse#NONE}).
     *
     * @param cseId the consulting CSE's ID ({@code X-M2M-Origin}; the DAS addresses its tokens to it)
     * @throws DasFailure no usable answer in time, or an answer that is not a dynamic authorization response
     */
    default DasResponse consult(URI das, String cseId, DasRequest dreq, Duration timeout) throws DasFailure {
        JsonNode answer = notify(das, cseId, SecurityInfo.request(dreq).toJson(), timeout);
        try {
            return DasResponse.fromNotifyResponseContent(answer);
        } catch (MalformedSecurityInfoException e) {
            throw new DasFailure("the DAS at " + das + " answered with content that is not a dynamic "
                    + "authorization response (" + e.getMessage() + ")");
        }
    }

    /**
     * A token lookup (TS-0001 11.5.3 step 6): the same NOTIFY whose {@code dreq} carries {@code tids}; the DAS
     * answers with the still valid tokens among them that it issued to {@code dreq.or} for this CSE (no rule is
     * evaluated). The tokens come back as received: the caller verifies them.
     *
     * @param lookup a {@code dreq} with at least one token ID
     * @return the compact tokens, empty when the DAS knows none of the IDs
     * @throws DasFailure no usable answer in time, or not a dynamic authorization response
     */
    default List<String> lookupTokens(URI das, String cseId, DasRequest lookup, Duration timeout) throws DasFailure {
        if (lookup.tids().isEmpty()) {
            throw new IllegalArgumentException("a token lookup needs at least one token ID");
        }
        return consult(das, cseId, lookup, timeout).tkns();
    }
}
