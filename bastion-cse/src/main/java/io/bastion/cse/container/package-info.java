/** The {@code <container>} and {@code <contentInstance>} resource types: counters, limits and instance removal. */
package io.bastion.cse.container;
