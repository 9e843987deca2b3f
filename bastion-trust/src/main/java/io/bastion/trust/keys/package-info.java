/**
 * What the MEF and the MAF share for their symmetric key procedures (TS-0003 8.3.5.2.7–.10 and 8.8.2.7–.10): the checks
 * of a {@code sec:mkr} content ({@link KeyRegistrationRules}) and the split of a session's exported key
 * ({@link ExportedKey}).
 */
package io.bastion.trust.keys;
