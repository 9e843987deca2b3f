/** The {@code <CSEBase>}: set up from the configuration at start, and neither updated nor deleted by requests. */
package io.bastion.cse.csebase;
