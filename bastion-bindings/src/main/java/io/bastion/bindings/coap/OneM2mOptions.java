package io.bastion.bindings.coap;

import org.eclipse.californium.core.coap.option.IntegerOptionDefinition;
import org.eclipse.californium.core.coap.option.MapBasedOptionRegistry;
import org.eclipse.californium.core.coap.option.OptionRegistry;
import org.eclipse.californium.core.coap.option.StandardOptionRegistry;
import org.eclipse.californium.core.coap.option.StringOptionDefinition;

/**
 * The oneM2M CoAP options of TS-0008 table 6.2.2.4.0-1. All of them are critical (odd numbers), so an endpoint that
 * does not know them refuses the message: every endpoint speaking oneM2M CoAP uses {@link #REGISTRY}.
 *
 * <p>Lengths are wider than the table's nominal ones (e.g. 15 for timestamps, which may also carry fractions): a
 * length the parser refuses ends as a bare 4.02 without any oneM2M status code, while a bad value that reaches the
 * CSE gets a 4000 with a reason.
 */
public final class OneM2mOptions {
    private static final int MAX_TEXT = 1024;

    public static final StringOptionDefinition FR = text(279, "oneM2M-FR");
    public static final StringOptionDefinition RQI = text(283, "oneM2M-RQI");
    public static final StringOptionDefinition OT = text(259, "oneM2M-OT");
    public static final StringOptionDefinition RQET = text(291, "oneM2M-RQET");
    public static final StringOptionDefinition RSET = text(295, "oneM2M-RSET");
    public static final StringOptionDefinition OET = text(299, "oneM2M-OET");
    public static final StringOptionDefinition RTURI = text(263, "oneM2M-RTURI");
    public static final IntegerOptionDefinition EC = number(303, "oneM2M-EC");
    public static final IntegerOptionDefinition RSC = number(307, "oneM2M-RSC");
    public static final StringOptionDefinition GID = text(311, "oneM2M-GID");
    public static final IntegerOptionDefinition TY = number(267, "oneM2M-TY");
    public static final IntegerOptionDefinition CTO = number(319, "oneM2M-CTO");
    public static final IntegerOptionDefinition CTS = number(323, "oneM2M-CTS");
    public static final StringOptionDefinition ATI = text(327, "oneM2M-ATI");
    public static final StringOptionDefinition RVI = text(271, "oneM2M-RVI");
    public static final StringOptionDefinition VSI = text(331, "oneM2M-VSI");
    public static final StringOptionDefinition GTM = text(335, "oneM2M-GTM");
    public static final StringOptionDefinition AUS = text(339, "oneM2M-AUS");
    public static final StringOptionDefinition ASRI = text(275, "oneM2M-ASRI");

    /** The standard CoAP options plus the oneM2M ones. */
    public static final OptionRegistry REGISTRY = new MapBasedOptionRegistry(
            StandardOptionRegistry.getDefaultOptionRegistry(), FR, RQI, OT, RQET, RSET, OET, RTURI, EC, RSC, GID, TY,
            CTO, CTS, ATI, RVI, VSI, GTM, AUS, ASRI);

    private OneM2mOptions() {
    }

    private static StringOptionDefinition text(int number, String name) {
        return new StringOptionDefinition(number, name, true, 0, MAX_TEXT);
    }

    private static IntegerOptionDefinition number(int number, String name) {
        return new IntegerOptionDefinition(number, name, true, 0, 4);
    }
}
