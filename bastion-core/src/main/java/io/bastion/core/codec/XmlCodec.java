package io.bastion.core.codec;

import com.fasterxml.jackson.databind.JsonNode;
import io.bastion.core.resource.ResourceTypes;
import io.bastion.core.resource.TypeRegistry;

/**
 * The XML serialization of TS-0004 8.3 on the JSON tree every codec shares: {@link XmlReader} reads (locked down
 * against DTDs and entities), {@link XmlWriter} writes, both typed by {@link XmlSchema} from the resource type
 * descriptors and the complex types' table, so that XML content reads to the same tree as its JSON.
 */
public final class XmlCodec implements Codec {
    private final XmlReader reader;
    private final XmlWriter writer;

    public XmlCodec(TypeRegistry types) {
        XmlSchema schema = new XmlSchema(types);
        this.reader = new XmlReader(schema);
        this.writer = new XmlWriter(schema);
    }

    /** The codec for this CSE's resource types ({@link ResourceTypes#registry}). */
    public static XmlCodec xml() {
        return new XmlCodec(ResourceTypes.registry());
    }

    @Override
    public String format() {
        return "xml";
    }

    @Override
    public JsonNode decode(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        return reader.read(body);
    }

    @Override
    public byte[] encode(JsonNode content) {
        return writer.write(content);
    }
}
