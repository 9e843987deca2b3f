/**
 * The {@code <CSEBase>}: set up from the configuration at start; that no request creates, updates or deletes it is
 * its descriptor's to say ({@code ResourceTypes}), so it needs no behaviour class.
 */
package io.bastion.cse.csebase;
