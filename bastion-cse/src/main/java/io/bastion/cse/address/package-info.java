/**
 * Resolves a request's {@code to} (CSE-relative, SP-relative and absolute; structured and unstructured; followed by a
 * virtual child its type declares, such as {@code la} or {@code fopt}) to a stored resource of this CSE with its
 * ancestors, and whether a resource and its ancestors are still live.
 */
package io.bastion.cse.address;
