/**
 * Connects the role checks of {@code io.bastion.security.role} to the store: the {@code <role>} resource type, this
 * CSE's role repository, the Authorization Authorities it trusts, and the verification of a request's {@code rids}.
 */
package io.bastion.cse.role;
