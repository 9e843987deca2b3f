package io.bastion.security.esdata;

/**
 * The JOSE serializations of ESData and their m2m:contentSecurity values (TS-0004 table 6.3.4.2.38-1). Values 4 and 5
 * (XML-Encryption and XML-Signature) are not built: {@link #ofContentSecurity} refuses them.
 */
public enum EsDataForm {
    /** 1: JWS/JWE Compact Serialization, media type {@code application/jose} (note 3). */
    COMPACT(1, "application/jose"),
    /** 2: JWS/JWE (general) JSON Serialization, no transfer encoding, {@code application/jose+json} (note 4). */
    JSON(2, "application/jose+json"),
    /** 3: the JSON Serialization then base64 (RFC 4648 clause 4, with padding). */
    JSON_BASE64(3, "application/jose+json");

    private final int contentSecurity;
    private final String mediaType;

    EsDataForm(int contentSecurity, String mediaType) {
        this.contentSecurity = contentSecurity;
        this.mediaType = mediaType;
    }

    /** The m2m:contentSecurity value that announces this form in {@code cnf}. */
    public int contentSecurity() {
        return contentSecurity;
    }

    /** The media type of the ESData envelope in this form. */
    public String envelopeMediaType() {
        return mediaType;
    }

    /**
     * The form of an m2m:contentSecurity value 1–3.
     *
     * @throws EsDataException 4102 for 4 and 5 (XML, not supported), 4000 for anything else
     */
    public static EsDataForm ofContentSecurity(int value) {
        return switch (value) {
            case 1 -> COMPACT;
            case 2 -> JSON;
            case 3 -> JSON_BASE64;
            case 4, 5 -> throw EsDataException.unacceptable("contentSecurity " + value
                    + " (XML-Encryption/XML-Signature) is not supported: only JOSE (1, 2, 3)");
            default -> throw EsDataException.malformed("contentSecurity " + value + " is not an ESData form (1-5)");
        };
    }
}
