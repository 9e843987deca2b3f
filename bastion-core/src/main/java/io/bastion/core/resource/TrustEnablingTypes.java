package io.bastion.core.resource;

/**
 * The resource type numbers Bastion gives the trust-enabling functions' resources of TS-0032 (MAF and MEF). TS-0032's
 * text is not available to the project, only its short-name tables (TS-0032 V3.0.0: {@code maf}, {@code macr},
 * {@code mkr}, {@code mef}, {@code mecr}, {@code mcc}); the numbers are therefore Bastion's choice, kept here and
 * nowhere else. They lie in 9001–9006: clear of TS-0004's resource types (below 100), of the mgmtDefinition values
 * of mgmtObj specializations (1001 upwards) and of the announced variants (10001 upwards), so that a later adoption
 * of the standard numbers is one change in this class.
 */
public final class TrustEnablingTypes {
    /** {@code <MAFBase>} ({@code maf}): the root of an M2M Authentication Function. */
    public static final int MAF_BASE = 9001;
    /** {@code <mafClientReg>} ({@code macr}): a MAF client's registration. */
    public static final int MAF_CLIENT_REG = 9002;
    /** {@code <symmKeyReg>} ({@code mkr}): a symmetric key registered with the MAF. */
    public static final int SYMM_KEY_REG = 9003;
    /** {@code <MEFBase>} ({@code mef}): the root of an M2M Enrolment Function. */
    public static final int MEF_BASE = 9004;
    /** {@code <mefClientReg>} ({@code mecr}): a MEF client's registration. */
    public static final int MEF_CLIENT_REG = 9005;
    /** {@code <mefClientCmd>} ({@code mcc}): a command the MEF holds for a client. */
    public static final int MEF_CLIENT_CMD = 9006;

    private TrustEnablingTypes() {
    }
}
