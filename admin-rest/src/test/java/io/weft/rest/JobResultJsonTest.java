package io.weft.rest;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class JobResultJsonTest
{
    @Test
    void noResultIsWrittenAsNone()
    {
        assertNull(JobResultJson.of(null));
        assertNull(JobResultJson.of(new byte[0]));
    }

    @Test
    void oneJsonValueInUtf8IsEmbeddedAsWritten()
    {
        assertEmbedded("{\"pages\":3,\"total\":12.50}", "{\"pages\":3,\"total\":12.50}");
        assertEmbedded("[1,\"zwei\",null]", "[1,\"zwei\",null]");
        assertEmbedded("\"done\"", "\"done\"");
        assertEmbedded("42", "42");
        assertEmbedded("null", "null");
        assertEmbedded("{\"name\":\"Zoë\"}", "{\"name\":\"Zoë\"}");
        assertEmbedded("{\"a\": 1}", " \n{\"a\": 1}\t\r\n");
    }

    @Test
    void anythingElseIsBase64AndSaysSo()
    {
        assertBase64("done".getBytes(StandardCharsets.UTF_8));
        assertBase64("{\"a\":1} trailing".getBytes(StandardCharsets.UTF_8));
        assertBase64("1 2".getBytes(StandardCharsets.UTF_8));
        assertBase64("{\"a\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8));
        assertBase64("{\"a\":".getBytes(StandardCharsets.UTF_8));
        assertBase64("   ".getBytes(StandardCharsets.UTF_8));
        assertBase64(new byte[] {'"', (byte)0xC3, '"'});
        assertBase64(new byte[] {0, 1, 2, (byte)0xFF});
    }

    private static void assertEmbedded(final String expected, final String result)
    {
        final JobResultJson json = JobResultJson.of(result.getBytes(StandardCharsets.UTF_8));
        assertEquals(expected, json.json());
        assertNull(json.encoding());
    }

    private static void assertBase64(final byte[] result)
    {
        final JobResultJson json = JobResultJson.of(result);
        assertEquals('"' + Base64.getEncoder().encodeToString(result) + '"', json.json());
        assertEquals("base64", json.encoding());
    }
}
