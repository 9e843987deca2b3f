/**
 * The generic resource procedures (create, retrieve, update, delete) and what every resource type plugs into them: the
 * {@link io.bastion.cse.resource.TypeBehaviour} hooks and their registry by descriptor
 * ({@link io.bastion.cse.resource.TypeBehaviours}; the descriptors themselves are {@code core.resource.ResourceTypes}),
 * attribute validation against the type's policies, response representations per result content, resource IDs, the
 * locks that serialize writes to one parent, and the upgrades of resources stored by earlier versions.
 */
package io.bastion.cse.resource;
