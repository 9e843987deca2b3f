package io.bastion.cse.container;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.core.primitive.OneM2MException;
import io.bastion.security.esdata.ContentInfo;
import io.bastion.security.esdata.EsDataEnvelope;
import io.bastion.security.esdata.EsDataException;
import io.bastion.security.esdata.EsDataForm;

/**
 * The CSE's side of ESData (TS-0003 8.5, TS-0004 table 6.3.4.2.38-1): content whose {@code cnf} carries a
 * contentSecurity other than 0 is stored and served untouched, and the CSE never holds its keys. It only checks that
 * {@code con} is what the flag announces: for 1–3 a JWS or JWE of that JOSE form with ESData's algorithms (4000 or
 * 4102 naming {@code con}, so that a mislabelled content is refused at CREATE instead of failing every reader); for
 * 4 and 5 (XML-Encryption/-Signature, which Bastion does not parse) text. Content without the flag is not looked at.
 */
public final class ProtectedContent {
    private ProtectedContent() {
    }

    /** Whether {@code cnf} (may be null) announces ESData, i.e. ends in {@code :1} to {@code :5}. */
    public static boolean isProtected(JsonNode cnf) {
        if (cnf == null || !cnf.isTextual()) {
            return false;
        }
        String s = cnf.asText();
        int n = s.length();
        // cnf was validated already: a third part is one digit after the second ':'
        return n > 2 && s.charAt(n - 2) == ':' && s.charAt(n - 1) != '0' && s.indexOf(':') < n - 2;
    }

    /** Checks {@code con} against the ESData form {@code cnf} announces; does nothing without one. */
    public static void check(JsonNode cnf, JsonNode con) {
        if (!isProtected(cnf)) {
            return;
        }
        ContentInfo info = ContentInfo.parse(cnf.asText());
        if (info.security() >= 4) {
            if (con == null || !con.isTextual()) {
                throw OneM2MException.badRequest("con must be text for contentSecurity " + info.security()
                        + " (XML-Encryption/XML-Signature), which the CSE stores untouched");
            }
            return;
        }
        try {
            EsDataEnvelope.parse(con, info);
        } catch (EsDataException e) {
            throw new OneM2MException(e.status(), "con does not hold what cnf " + info + " announces ("
                    + EsDataForm.ofContentSecurity(info.security()).envelopeMediaType() + "): " + e.getMessage());
        }
    }
}
