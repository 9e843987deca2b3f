/**
 * Resolves a request's {@code to} (CSE-relative, SP-relative and absolute; structured and unstructured; the virtual
 * {@code la}, {@code ol}, {@code fopt}) to a stored resource of this CSE, and whether a resource and its ancestors
 * are still live.
 */
package io.bastion.cse.address;
