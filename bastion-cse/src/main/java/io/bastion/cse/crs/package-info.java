/**
 * {@code <crossResourceSubscription>} (ty 48, TS-0001 9.6.58, 10.2.10.22–26; TS-0004 7.4.58, 7.5.1.2.18, 7.5.1.2.20):
 * the subscriptions it makes on its regular targets and joins on its subscription targets, and the time windows in
 * which every target must report an event before one cross-resource notification goes out.
 */
package io.bastion.cse.crs;
