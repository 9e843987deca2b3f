/**
 * The audit trail: the {@link io.bastion.cse.audit.AuditSink} every enforced access decision and authentication
 * refusal goes to, its entries, and the audit log file that rotates by size.
 */
package io.bastion.cse.audit;
