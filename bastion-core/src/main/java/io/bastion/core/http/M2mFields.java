package io.bastion.core.http;

/**
 * The names of the {@code X-M2M-*} header fields of TS-0009 clause 6.4 that carry request and response primitive
 * parameters, as both sides of the HTTP binding spell them (receivers match them case-insensitively, TS-0009 5.1).
 */
public final class M2mFields {
    public static final String ORIGIN = "X-M2M-Origin";
    public static final String RI = "X-M2M-RI";
    public static final String RVI = "X-M2M-RVI";
    public static final String GID = "X-M2M-GID";
    public static final String RTU = "X-M2M-RTU";
    public static final String OT = "X-M2M-OT";
    public static final String RST = "X-M2M-RST";
    public static final String RET = "X-M2M-RET";
    public static final String OET = "X-M2M-OET";
    public static final String EC = "X-M2M-EC";
    public static final String VSI = "X-M2M-VSI";
    public static final String RSC = "X-M2M-RSC";
    public static final String ATI = "X-M2M-ATI";
    public static final String CTS = "X-M2M-CTS";
    public static final String CTO = "X-M2M-CTO";

    private M2mFields() {
    }
}
