package io.weft.node;

import io.weft.node.security.ExecutorCredentials;
import io.weft.rest.security.AuditEntry;
import io.weft.rest.security.AuditLog;
import io.weft.transport.ExecutorRegistration;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExecutorLinkListenerTest
{
    private final List<AuditEntry> audited = new ArrayList<>();
    private final ExecutorCredentials credentials = new ExecutorCredentials(null, Map.of());
    private final ExecutorLinkListener listener;

    ExecutorLinkListenerTest()
    {
        credentials.add("any", null, "weft_any");
        credentials.add("ocr-only", Set.of("ocr"), "weft_ocr");
        listener = new ExecutorLinkListener(null, () -> null, null, credentials, new AuditLog()
        {
            @Override
            public void record(final AuditEntry entry)
            {
                audited.add(entry);
            }

            @Override
            public Page query(final String principal, final String action, final String target, final Long from, final Long to,
                final int offset, final int limit)
            {
                return null;
            }
        }, "node-test");
    }

    private static ExecutorRegistration registering(final long id, final String deployment, final String executorClass, final String token)
    {
        return new ExecutorRegistration(
            id, deployment, "team", "1.0", Set.of(), Map.of(executorClass, 2), "aeron:udp?endpoint=127.0.0.1:1", 500, token);
    }

    @Test
    void classesAndDeploymentsFollowTheIdentifierRule()
    {
        assertNull(listener.refusalFor(registering(7, "pipelines", "ocr.日本語", "weft_any")));
        assertTrue(listener.refusalFor(registering(7, "pipelines", "o\r\ncr", "weft_any")).contains("executor class name contains U+000D"));
        assertTrue(listener.refusalFor(registering(7, "pipelines", "x".repeat(300), "weft_any")).contains("300"));
        assertTrue(listener.refusalFor(registering(7, "pipe\u202Elines", "ocr", "weft_any")).contains("deployment name contains U+202E"));
    }

    @Test
    void anExecutorWithoutAValidCredentialOrOutsideItsClassesIsRefusedAuditedOnceAndItsFramesDropped()
    {
        assertTrue(listener.refusalFor(registering(8, "p", "ocr", "")).startsWith("no executor credential"));
        assertEquals("the executor credential is not valid", listener.refusalFor(registering(8, "p", "ocr", "weft_forged")));
        assertEquals("the credential of 'ocr-only' may not serve class 'llm'", listener.refusalFor(registering(9, "p", "llm", "weft_ocr")));
        assertEquals(2, audited.size(), "one entry per refused instance within a minute, however often it retries");
        for (final AuditEntry entry : audited)
        {
            assertEquals("executor.register", entry.action());
            assertTrue(entry.outcome().startsWith("refused: "));
            assertFalse(entry.toString().contains("weft_forged") || entry.toString().contains("weft_ocr"), "no credential in the trail");
        }

        listener.onHeartbeat(8, 0, 0);
        listener.onSucceeded(8, 1, 0, 1, 0, null);
        assertEquals(2, listener.framesDropped(), "a refused instance's frames never reach the scheduler (it is null here)");

        assertNull(listener.refusalFor(registering(9, "p", "ocr", "weft_ocr")), "the same instance with a fitting credential is let in");
        assertFalse(registering(9, "p", "ocr", "weft_ocr").toString().contains("weft_ocr"), "a registration never prints its credential");
    }
}
