/**
 * The {@code <container>} and {@code <contentInstance>} resource types: counters, limits and instance removal, the
 * virtual {@code la} and {@code ol}, and {@code disableRetrieval}.
 */
package io.bastion.cse.container;
