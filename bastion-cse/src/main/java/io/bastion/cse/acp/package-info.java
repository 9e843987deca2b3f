/** The {@code <accessControlPolicy>} resource type: its rules checked with the parser of {@code security.acp}. */
package io.bastion.cse.acp;
