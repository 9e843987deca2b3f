/** AE registration: the AE-ID assigned or accepted, and the registration policy, audited as a decision. */
package io.bastion.cse.registration;
