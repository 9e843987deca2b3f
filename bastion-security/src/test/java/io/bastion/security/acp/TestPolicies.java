package io.bastion.security.acp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bastion.core.primitive.Operation;
import java.time.Instant;

/** Shared fixtures: this CSE's identity, a parser, and JSON written with single quotes for readability. */
final class TestPolicies {
    static final LocalIdentity LOCAL = new LocalIdentity("sp.example", "/id-in");
    static final AcpParser PARSER = new AcpParser(LOCAL);
    static final Instant NOW = Instant.parse("2026-03-14T10:15:30Z");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String DEFAULT_PVS = "{'acr':[{'acor':['CAdmin'],'acop':63}]}";

    private TestPolicies() {
    }

    /** Parses JSON written with ' instead of ". */
    static JsonNode json(String singleQuoted) {
        try {
            return MAPPER.readTree(singleQuoted.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static AccessControlPolicy policy(String ri, String pv) {
        return policy(ri, pv, DEFAULT_PVS);
    }

    static AccessControlPolicy policy(String ri, String pv, String pvs) {
        return PARSER.parsePolicy(ri, json(pv), json(pvs));
    }

    /** A policy with one rule: the given acor entries and acop. */
    static AccessControlPolicy oneRule(String ri, int acop, String... acor) {
        StringBuilder list = new StringBuilder();
        for (String a : acor) {
            list.append(list.isEmpty() ? "" : ",").append('\'').append(a).append('\'');
        }
        return policy(ri, "{'acr':[{'acor':[" + list + "],'acop':" + acop + "}]}");
    }

    static RequestFacts facts(String originator, Operation op) {
        return RequestFacts.builder(originator, op).at(NOW).build();
    }
}
