/**
 * Device management: {@code <node>} and the {@code <mgmtObj>} specializations (TS-0001 9.6.15, 9.6.18, Annex D),
 * the TS-0022 security objects among them. No device-management protocol (OMA-DM, LwM2M, TR-069) is attached: these
 * behaviours store and check what is written, and an action attribute is a trigger for a device-side agent watching
 * the resource (TS-0001 10.2.8.8, management "by the service layer").
 */
package io.bastion.cse.device;
