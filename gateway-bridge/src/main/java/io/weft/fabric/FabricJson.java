package io.weft.fabric;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import java.io.IOException;
import java.time.Instant;

/**
 * The one Jackson configuration of the Runtime Fabric, shared by the grid records, the gateway client and the
 * fabric endpoints so that all three read and write the same shapes.
 *
 * <ul>
 *   <li>Instants are ISO-8601 text, as everywhere else in Weft's API.</li>
 *   <li>Decimals stay exactly as written: a template's payload is re-serialised for the executor and its digest
 *       must not change when a gateway reads it back.</li>
 *   <li>Unknown properties are ignored when reading, so a newer gateway can add fields without breaking an older
 *       control plane. Request bodies are checked strictly elsewhere, before they reach these records.</li>
 * </ul>
 */
public final class FabricJson
{
    private static final ObjectMapper MAPPER = JsonMapper.builder()
        .addModule(new SimpleModule("weft-fabric")
            .addSerializer(Instant.class, new InstantWriter())
            .addDeserializer(Instant.class, new InstantReader()))
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
        .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
        .build();

    private FabricJson()
    {
    }

    /** Thread-safe; do not reconfigure. */
    public static ObjectMapper mapper()
    {
        return MAPPER;
    }

    private static final class InstantWriter extends StdSerializer<Instant>
    {
        InstantWriter()
        {
            super(Instant.class);
        }

        @Override
        public void serialize(final Instant value, final JsonGenerator gen, final SerializerProvider provider) throws IOException
        {
            gen.writeString(value.toString());
        }
    }

    private static final class InstantReader extends StdDeserializer<Instant>
    {
        InstantReader()
        {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(final JsonParser parser, final DeserializationContext context) throws IOException
        {
            final String text = parser.getValueAsString();
            try
            {
                return text == null || text.isBlank() ? null : Instant.parse(text);
            }
            catch (final java.time.format.DateTimeParseException ex)
            {
                return (Instant)context.handleWeirdStringValue(Instant.class, text, "not an ISO-8601 instant");
            }
        }
    }
}
