/**
 * This CSE as an end-to-end security end point (TS-0001 11.4.2, TS-0003 8.4): the receiver of NOTIFY requests to the
 * CSEBase that carry {@code m2m:seci} ({@link io.bastion.cse.e2e.EsprimEndpoint}: a receiverESPrimRandObject for
 * {@code sit}=3, an ESPrim object opened, its inner request run through the pipeline as its own originator and the
 * answer protected for {@code sit}=5) and the CSEBase's {@code e2eSecInfo} ({@link io.bastion.cse.e2e.CseBaseSecInfo}).
 * The cryptography is {@code io.bastion.security.e2e}'s.
 */
package io.bastion.cse.e2e;
