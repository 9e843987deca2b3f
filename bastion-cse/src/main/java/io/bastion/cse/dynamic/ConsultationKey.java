package io.bastion.cse.dynamic;

import io.bastion.core.primitive.Operation;

/** What a consultation's result is remembered for: one originator, one target resource, one operation. */
public record ConsultationKey(String originator, String targetRi, Operation op) {
}
