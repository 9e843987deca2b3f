/** What the trust services share for their audit trails: a file of JSON lines ({@link JsonLinesLog}). */
package io.bastion.trust.audit;
