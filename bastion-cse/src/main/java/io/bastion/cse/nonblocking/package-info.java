/**
 * Non-blocking requests (TS-0001 8.2.2, 9.6.12, 10.2.5.2 to 10.2.5.6; TS-0004 7.3.2.2 to 7.3.2.5, 7.4.12, 7.5.1.2.5):
 * the stage that accepts {@code rt} 1 and 2 and stores their {@code <request>} ({@link
 * io.bastion.cse.nonblocking.NonBlockingStage}), the bounded queue of pending work ({@link
 * io.bastion.cse.nonblocking.PendingRequests}), how one is performed and its result recorded and notified, and the
 * {@code <request>}'s own behaviour: a DELETE cancels what is still pending.
 */
package io.bastion.cse.nonblocking;
