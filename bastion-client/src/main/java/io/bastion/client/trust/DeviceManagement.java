package io.bastion.client.trust;

/**
 * The device-management client a {@link MefClient} hands a DEV_CFG command to (TS-0003 8.3.9.8): devMgmtID 1–4 are
 * OMA DM 1.3, OMA DM 2.0, LwM2M and TR-069 (table 12.3.2.2-1). Returns the cmdStatusCode to report
 * (20 OK, 201 DEV_CFG_SERVER_ERROR, 202 DEV_CFG_CLIENT_ERROR, 43 UNACCEPTABLE_ARGUMENTS for an unsupported devMgmtID).
 */
public interface DeviceManagement {
    int configure(int devMgmtId, String uri, DeviceConfiguration into);
}
