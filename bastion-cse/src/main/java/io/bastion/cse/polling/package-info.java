/**
 * Polling channels (TS-0001 9.6.21, 9.6.22, 10.2.5.12 to 10.2.5.19; TS-0004 7.4.21, 7.4.22): the
 * {@code <pollingChannel>} of an AE that cannot receive requests, one bounded mailbox per channel where requests and
 * notifications for the AE wait, the long poll on its {@code pcu} and the AE's answers through it.
 */
package io.bastion.cse.polling;
