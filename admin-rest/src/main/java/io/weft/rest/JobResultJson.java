package io.weft.rest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * How a job's result bytes are written into a job's JSON. Payloads go out as JSON and executors (the sample's
 * {@code echo} among them) tend to answer in kind, so a result that is UTF-8 text of exactly one JSON value, by the
 * same rules as a request body (no duplicate keys, nothing after the value), is embedded as that value. Anything
 * else is written as a base64 string (RFC 4648, padded) with {@code resultEncoding} "base64": the flag, not the
 * value's shape, tells the two apart, because a JSON string result looks just like base64 text.
 *
 * @param json     the JSON text to embed: the result itself, or a quoted base64 string
 * @param encoding null when {@code json} is the result itself, else {@link #BASE64}
 */
record JobResultJson(String json, String encoding)
{
    static final String BASE64 = "base64";

    // Validation only streams the tokens: no tree is built for what is written back out as text.
    private static final JsonFactory STRICT = JsonFactory.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();

    /** @return how to write the result, or null when the job has none */
    static JobResultJson of(final byte[] result)
    {
        if (result == null || result.length == 0)
        {
            return null;
        }
        final String text = strictUtf8(result);
        if (text != null && isOneJsonValue(text))
        {
            // Only JSON whitespace can be trimmed here: any other character at either end failed the parse.
            return new JobResultJson(text.trim(), null);
        }
        return new JobResultJson('"' + Base64.getEncoder().encodeToString(result) + '"', BASE64);
    }

    private static String strictUtf8(final byte[] bytes)
    {
        try
        {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
        }
        catch (final CharacterCodingException ex)
        {
            return null;
        }
    }

    private static boolean isOneJsonValue(final String text)
    {
        try (JsonParser parser = STRICT.createParser(text))
        {
            if (parser.nextToken() == null)
            {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }
}
