package io.bastion.security.acp;

import java.util.List;

/**
 * One {@code acod} entry (TS-0003 table 7.1.3-4): which child types may be created, optionally only under a parent
 * of a given type or specialization. Applies to CREATE only.
 *
 * @param resourceType {@code ty}: the target (parent) resource type, or null for any
 * @param specialization {@code spty}: the target's specialization, or null for any
 * @param childResourceTypes {@code chty}: the child types the rule allows to create
 */
public record ObjectDetails(Integer resourceType, SpecializationType specialization, List<Integer> childResourceTypes) {
    public ObjectDetails {
        childResourceTypes = List.copyOf(childResourceTypes);
    }
}
