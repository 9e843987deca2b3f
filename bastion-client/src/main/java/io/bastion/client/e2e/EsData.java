package io.bastion.client.e2e;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bastion.client.CseClient;
import io.bastion.client.Result;
import io.bastion.security.esdata.ContentInfo;
import io.bastion.security.esdata.EsDataForm;
import io.bastion.security.esdata.EsDataReader;
import io.bastion.security.esdata.Opened;

/**
 * ESData (TS-0003 8.5) for an AE with a {@link CseClient}: the {@code con} and {@code cnf} of a protected
 * contentInstance, and the opening of one read back. The protection itself is the engine's
 * ({@code io.bastion.security.esdata.EsDataProtection}: sign, encrypt, sign-then-encrypt, in any form); these helpers
 * only put its output where TS-0004 wants it ({@code cnf} {@code type/subtype:encoding:contentSecurity}, table
 * 6.3.4.2.38-1) and read it back from there.
 */
public final class EsData {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();

    private EsData() {
    }

    /**
     * {@code {"m2m:cin":{"cnf":…,"con":…}}} for the ESData object {@code protectedData} (as EsDataProtection made
     * it in {@code form}) of data of {@code mediaType}, plain encoding (0); a JSON-form object goes in as JSON.
     */
    public static ObjectNode contentInstance(String protectedData, String mediaType, EsDataForm form) {
        ObjectNode cin = NODES.objectNode().put("cnf", ContentInfo.of(mediaType, 0, form));
        if (form == EsDataForm.JSON) {
            try {
                cin.set("con", JSON.readTree(protectedData));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("a JSON-form ESData object must be JSON", e);
            }
        } else {
            cin.put("con", protectedData);
        }
        return NODES.objectNode().set("m2m:cin", cin);
    }

    /** Writes {@code protectedData} as a new contentInstance of {@code container} ({@link #contentInstance}). */
    public static Result write(CseClient cse, String container, String protectedData, String mediaType,
                               EsDataForm form) {
        return cse.create(container, 4, contentInstance(protectedData, mediaType, form));
    }

    /**
     * Opens the {@code con} of a contentInstance read back ({@link CseClient#latest}, a retrieve, or a notification's
     * representation: {@code {"m2m:cin":{…}}} or its inner object) as its {@code cnf} announces.
     *
     * @throws io.bastion.security.esdata.EsDataException 4000 when it is no ESData object of that form, 4102 when it
     *         does not open or verify with the reader's keys
     */
    public static Opened open(EsDataReader reader, JsonNode contentInstance) {
        JsonNode cin = contentInstance.has("m2m:cin") ? contentInstance.get("m2m:cin") : contentInstance;
        JsonNode cnf = cin.get("cnf");
        return reader.open(cin.path("con"), cnf == null ? null : cnf.asText());
    }

    /** Opens the latest contentInstance of {@code container}. */
    public static Opened readLatest(CseClient cse, String container, EsDataReader reader) {
        return open(reader, cse.latest(container).resource());
    }
}
