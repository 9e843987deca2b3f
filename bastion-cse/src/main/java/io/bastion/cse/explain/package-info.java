/**
 * Answers "would originator X be allowed operation Y on Z, and why?" over the same stages and access control as a
 * real request, without executing, auditing or caching anything.
 */
package io.bastion.cse.explain;
