/**
 * The stages of DESIGN.md section 1, one class each, composed once in order: shape, validate, authenticate, route,
 * authorize, execute. A stage answers or passes the {@code RequestContext} on.
 */
package io.bastion.cse.pipeline;
