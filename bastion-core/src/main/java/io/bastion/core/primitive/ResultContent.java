package io.bastion.core.primitive;

import java.util.EnumSet;
import java.util.Set;

/**
 * The result content parameter {@code rcn} (TS-0004 6.3.4.2.7, m2m:resultContent) and which values each operation
 * accepts, with its default (TS-0001 table 8.1.2-1; TS-0004 7.3.3.17.x): CREATE 0 to 3 (default 1), RETRIEVE 1, 4, 5,
 * 6 and 8 (default 1), a discovery 11, UPDATE 0, 1 and 9 (default 1), DELETE 0 and 1 (default 0), NOTIFY none. Values
 * this CSE never produces (original resource, semantic content) are refused for every operation.
 */
public enum ResultContent {
    NOTHING,
    ATTRIBUTES,
    HIERARCHICAL_ADDRESS,
    HIERARCHICAL_ADDRESS_AND_ATTRIBUTES,
    ATTRIBUTES_AND_CHILD_RESOURCES,
    ATTRIBUTES_AND_CHILD_RESOURCE_REFERENCES,
    CHILD_RESOURCE_REFERENCES,
    ORIGINAL_RESOURCE,
    CHILD_RESOURCES,
    MODIFIED_ATTRIBUTES,
    SEMANTIC_CONTENT,
    DISCOVERY_RESULT_REFERENCES;

    private static final ResultContent[] BY_CODE = values();
    private static final Set<ResultContent> CREATE = EnumSet.of(NOTHING, ATTRIBUTES, HIERARCHICAL_ADDRESS,
            HIERARCHICAL_ADDRESS_AND_ATTRIBUTES);
    private static final Set<ResultContent> RETRIEVE = EnumSet.of(ATTRIBUTES, ATTRIBUTES_AND_CHILD_RESOURCES,
            ATTRIBUTES_AND_CHILD_RESOURCE_REFERENCES, CHILD_RESOURCE_REFERENCES, CHILD_RESOURCES);
    private static final Set<ResultContent> DISCOVERY = EnumSet.of(DISCOVERY_RESULT_REFERENCES);
    private static final Set<ResultContent> UPDATE = EnumSet.of(NOTHING, ATTRIBUTES, MODIFIED_ATTRIBUTES);
    private static final Set<ResultContent> DELETE = EnumSet.of(NOTHING, ATTRIBUTES);

    /** The value's number in {@code rcn}: the values are declared in the order of their numbers, from 0. */
    public int code() {
        return ordinal();
    }

    /** The value of a code, or null when no value has it. */
    public static ResultContent fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /** The values an operation accepts; {@link Operation#DISCOVERY} for a discovery (a RETRIEVE with fu=1). */
    public static Set<ResultContent> allowed(Operation op) {
        return switch (op) {
            case CREATE -> CREATE;
            case RETRIEVE -> RETRIEVE;
            case DISCOVERY -> DISCOVERY;
            case UPDATE -> UPDATE;
            case DELETE -> DELETE;
            case NOTIFY -> Set.of();
        };
    }

    /** What an operation answers when the request gives no {@code rcn}; null for NOTIFY, which has none. */
    public static ResultContent defaultFor(Operation op) {
        return switch (op) {
            case CREATE, RETRIEVE, UPDATE -> ATTRIBUTES;
            case DISCOVERY -> DISCOVERY_RESULT_REFERENCES;
            case DELETE -> NOTHING;
            case NOTIFY -> null;
        };
    }

    /**
     * The result content a request asks for: its {@code rcn}, or its operation's default.
     *
     * @throws OneM2MException 4000 when the operation does not accept the value given
     */
    public static ResultContent of(Request rq) {
        Operation op = rq.isDiscovery() ? Operation.DISCOVERY : rq.op();
        if (rq.rcn() == null) {
            return defaultFor(op);
        }
        ResultContent rc = fromCode(rq.rcn());
        if (rc == null || !allowed(op).contains(rc)) {
            throw OneM2MException.badRequest("result content (rcn) " + rq.rcn() + " is not valid for "
                    + (rq.isDiscovery() ? "discovery" : rq.op().name()));
        }
        return rc;
    }
}
