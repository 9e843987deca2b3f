/**
 * The generic resource procedures (create, retrieve, update, delete) and what every resource type plugs into them: the
 * {@link io.bastion.cse.resource.TypeBehaviour} hooks, attribute validation against the type's policies, response
 * representations per result content, resource IDs, the locks that serialize writes to one parent, and the upgrades of
 * resources stored by earlier versions.
 */
package io.bastion.cse.resource;
