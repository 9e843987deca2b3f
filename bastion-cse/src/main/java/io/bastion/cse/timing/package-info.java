/**
 * The time-related parameters of a request (TS-0001 8.1.2, TS-0004 6.4.1 and 7.3): the Request Expiration Timestamp
 * ({@code rqet}), Result Expiration Timestamp ({@code rset}) and Operation Execution Time ({@code oet}) as instants
 * ({@link io.bastion.cse.timing.RequestTimes}), and the wait of a blocking request until its {@code oet}
 * ({@link io.bastion.cse.timing.OperationTimer}), which says when a request may run for any part that executes
 * requests later ({@link io.bastion.cse.timing.OperationTimer#runAt}). Depends on the request model only.
 */
package io.bastion.cse.timing;
