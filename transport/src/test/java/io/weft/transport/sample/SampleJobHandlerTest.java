package io.weft.transport.sample;

import io.weft.transport.executor.JobContext;
import io.weft.transport.executor.JobResult;
import io.weft.transport.sample.SampleJobHandler.Op;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SampleJobHandlerTest
{
    private final SampleJobHandler handler = new SampleJobHandler();

    @Test
    void opComesFromThePayloadFirstThenTheClass()
    {
        assertEquals(Op.FAIL, SampleJobHandler.op("{\"op\":\"fail\"}", "noop"));
        assertEquals(Op.SLEEP, SampleJobHandler.op("{ \"ms\" : 5 , \"op\" : \"SLEEP\" }", "echo"));
        assertEquals(Op.ECHO, SampleJobHandler.op("", "echo"));
        assertEquals(Op.CPU, SampleJobHandler.op("{\"ms\":3}", "cpu"));
        assertEquals(Op.NOOP, SampleJobHandler.op("not json at all", "noop"));
    }

    @Test
    void unknownOpsAreNoop()
    {
        assertEquals(Op.NOOP, SampleJobHandler.op("{\"op\":\"teleport\"}", "echo"));
        assertEquals(Op.NOOP, SampleJobHandler.op("{}", "gpu"));
        assertEquals(Op.NOOP, SampleJobHandler.op("{\"op\":42}", "gpu"));
    }

    @Test
    void aQuotedNameThatIsAValueIsNotAKey()
    {
        final String json = "{\"label\":\"op\",\"op\":\"fail\",\"note\":\"ms\",\"ms\":7}";
        assertEquals("fail", SampleJobHandler.stringField(json, "op"));
        assertEquals(7, SampleJobHandler.longField(json, "ms", 10));
    }

    @Test
    void extractsNumbersBooleansAndStrings()
    {
        final String json = "{\"op\":\"fa\\\"il\",\"ms\":\"25\",\"retryable\": true,\"neg\":-3}";
        assertEquals("fa\"il", SampleJobHandler.stringField(json, "op"));
        assertEquals(25, SampleJobHandler.longField(json, "ms", 10));
        assertEquals(-3, SampleJobHandler.longField(json, "neg", 0));
        assertTrue(SampleJobHandler.booleanField(json, "retryable", false));
        assertEquals(10, SampleJobHandler.longField(json, "missing", 10));
        assertEquals(10, SampleJobHandler.longField("{\"ms\":\"x\"}", "ms", 10));
        assertFalse(SampleJobHandler.booleanField("{\"retryable\":\"false\"}", "retryable", true));
        assertNull(SampleJobHandler.stringField("{\"op\":\"unterminated", "op"));
        assertNull(SampleJobHandler.stringField("", "op"));
    }

    @Test
    void runsEachOp() throws Exception
    {
        assertTrue(handler.handle(job("noop", "")).isSuccess());
        assertTrue(handler.handle(job("sleep", "{\"ms\":1}")).isSuccess());
        assertTrue(handler.handle(job("cpu", "{\"ms\":1}")).isSuccess());

        final byte[] payload = bytes("{\"op\":\"echo\",\"data\":\"hello\"}");
        final JobResult echoed = handler.handle(new JobContext(1, 0, "j", "noop", 1, 1, 0, payload));
        assertArrayEquals(payload, echoed.result());

        final JobResult failedDefault = handler.handle(job("noop", "{\"op\":\"fail\"}"));
        assertFalse(failedDefault.isSuccess());
        assertFalse(failedDefault.isRetryable());

        final JobResult failedRetryable = handler.handle(job("fail", "{\"retryable\":true}"));
        assertFalse(failedRetryable.isSuccess());
        assertTrue(failedRetryable.isRetryable());
    }

    private static JobContext job(final String executorClass, final String payload)
    {
        return new JobContext(1, 0, "j", executorClass, 1, 1, 0, bytes(payload));
    }

    private static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
