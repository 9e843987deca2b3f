/**
 * The {@code <group>} resource type (members, their type and consistency strategy, checked with the access control)
 * and its {@code fopt} fan-out, which sends each member request through the whole pipeline again.
 */
package io.bastion.cse.group;
