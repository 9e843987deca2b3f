/**
 * Announcement (TS-0001 9.2.3, 9.6.26, 10.2.13; TS-0004 7.3.3.10, 7.3.3.11): as the receiving CSE, the announced
 * variants and who may create and change them ({@link io.bastion.cse.announce.AnnouncedBehaviour}); as the CSE
 * hosting an original, creating, updating and deleting its announced resources on other CSEs after each committed
 * change ({@link io.bastion.cse.announce.Announcer}).
 */
package io.bastion.cse.announce;
