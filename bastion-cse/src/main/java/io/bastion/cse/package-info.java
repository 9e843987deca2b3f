/**
 * The CSE engine: {@link io.bastion.cse.Cse} runs the request pipeline of DESIGN.md section 1 and answers
 * {@code explain}; {@link io.bastion.cse.CseBuilder} names its replaceable parts and builds it in dependency order.
 * The feature packages below never depend on this one.
 */
package io.bastion.cse;
