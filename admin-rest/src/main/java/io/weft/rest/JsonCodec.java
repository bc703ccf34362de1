package io.weft.rest;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The server's one {@link ObjectMapper}, configured once and shared by every thread (Jackson mappers are
 * thread-safe after configuration).
 */
final class JsonCodec
{
    private static final int MAX_DETAIL_CHARS = 300;

    private final ObjectMapper mapper = JsonMapper.builder()
        // A repeated key would otherwise silently keep the last value; a submitter should learn of it.
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        // Payloads are re-serialised for the executor: keep decimals exactly as sent, not as rounded doubles.
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
        .build();

    /** Parses a request body; anything that is not exactly one JSON value is a malformed-json problem. */
    JsonNode readTree(final ByteBuf body)
    {
        if (!body.isReadable())
        {
            throw HttpProblem.of(ProblemType.MALFORMED_JSON, "the request body is empty").toException();
        }
        try (InputStream in = new ByteBufInputStream(body.duplicate()))
        {
            return mapper.readTree(in);
        }
        catch (final JacksonException ex)
        {
            throw HttpProblem.of(ProblemType.MALFORMED_JSON, describe(ex)).toException();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** The compact UTF-8 text of a JSON value, as the executor will receive it. */
    byte[] toCompactBytes(final JsonNode node)
    {
        return writeBytes(node);
    }

    byte[] writeBytes(final Object value)
    {
        try
        {
            return mapper.writeValueAsBytes(value);
        }
        catch (final JsonProcessingException ex)
        {
            // Only our own response records are written here, so this is a programming error, not bad input.
            throw new IllegalStateException("cannot serialise " + value.getClass().getName(), ex);
        }
    }

    private static String describe(final JacksonException ex)
    {
        String message = ex.getOriginalMessage();
        if (message == null)
        {
            message = ex.getClass().getSimpleName();
        }
        final int newline = message.indexOf('\n');
        if (newline > 0)
        {
            message = message.substring(0, newline);
        }
        final StringBuilder detail = new StringBuilder("the request body is not valid JSON: ")
            .append(Text.abbreviate(message, MAX_DETAIL_CHARS));
        final JsonLocation location = ex.getLocation();
        if (location != null && location.getLineNr() > 0)
        {
            detail.append(" (line ").append(location.getLineNr()).append(", column ").append(location.getColumnNr()).append(')');
        }
        return detail.toString();
    }
}
