package io.bastion.security.esdata;

import io.bastion.core.resource.ValueFormats;
import java.util.Optional;

/**
 * An m2m:contentInfo ({@code cnf}), TS-0004 table 6.3.3-1: the media type and m2m:encodingType of the data before
 * ESData was applied, and the m2m:contentSecurity that says whether and how it was (absent = 0). A reader applies
 * them in that order: ESData first, then the transfer decoding, then the media type (the table's note).
 *
 * @param mediaType the media type of the protected data, e.g. {@code application/json}
 * @param encoding m2m:encodingType 0 plain, 1 base64 of a string, 2 base64 of binary data
 * @param security m2m:contentSecurity 0–5
 */
public record ContentInfo(String mediaType, int encoding, int security) {
    /**
     * Parses {@code type/subtype:encoding[:security]}.
     *
     * @throws EsDataException 4000 naming {@code cnf} when it has not that form
     */
    public static ContentInfo parse(String cnf) {
        if (cnf == null || !ValueFormats.isContentInfo(cnf)) {
            throw EsDataException.malformed("cnf must be a content information like application/json:0:1 (media type,"
                    + " ':', encodingType 0-2, optionally ':' and contentSecurity 0-5)");
        }
        String[] parts = cnf.split(":", -1);
        return new ContentInfo(parts[0], parts[1].charAt(0) - '0', parts.length == 3 ? parts[2].charAt(0) - '0' : 0);
    }

    /** The cnf of data of {@code mediaType} and {@code encoding} protected in {@code form}. */
    public static String of(String mediaType, int encoding, EsDataForm form) {
        String cnf = mediaType + ":" + encoding + ":" + form.contentSecurity();
        parse(cnf);
        return cnf;
    }

    /** The JOSE form ESData was applied in, empty when {@code security} is 0. */
    public Optional<EsDataForm> form() {
        return security == 0 ? Optional.empty() : Optional.of(EsDataForm.ofContentSecurity(security));
    }

    @Override
    public String toString() {
        return mediaType + ":" + encoding + (security == 0 ? "" : ":" + security);
    }
}
