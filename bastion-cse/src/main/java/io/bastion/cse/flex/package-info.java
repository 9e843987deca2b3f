/**
 * The {@code <flexContainer>} resource type with its {@code <flexContainerInstance>}s: specializations named by any
 * namespaced root and custom attributes kept as bounded free data (no schemas here), {@code cs}, {@code st} counting
 * changes of the custom attributes, and the history of versions kept with the container's instance rules.
 */
package io.bastion.cse.flex;
