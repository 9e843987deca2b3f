/**
 * The Upper Tester interface of TS-0019, through which a conformance test suite drives the CSE unattended: the
 * commands it implements ({@link io.bastion.cse.uppertester.UpperTesterCommands}: reset, status), each use audited, and
 * the CSE's initial state to reset to ({@link io.bastion.cse.uppertester.InitialState}). Off unless the operator
 * turns it on; the server decides whether a door offers it.
 */
package io.bastion.cse.uppertester;
