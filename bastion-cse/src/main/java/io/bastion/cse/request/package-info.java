/**
 * The request model every stage and feature shares: one request on its way through the pipeline with what the stages
 * learned about it ({@link io.bastion.cse.request.RequestContext}), its resolved
 * {@link io.bastion.cse.request.Target} with the ancestors read to resolve it, and the tokens and roles its originator proved
 * ({@link io.bastion.cse.request.RequestCredentials}, or a {@link io.bastion.cse.request.CredentialRefusal}). Depends
 * on no other package of the engine, so that a feature package can take a request without reaching into the pipeline
 * or the access control.
 */
package io.bastion.cse.request;
