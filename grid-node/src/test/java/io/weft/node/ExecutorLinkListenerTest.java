package io.weft.node;

import io.weft.transport.ExecutorRegistration;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExecutorLinkListenerTest
{
    private final ExecutorLinkListener listener = new ExecutorLinkListener(null, () -> null, null);

    private static ExecutorRegistration registering(final String deployment, final String executorClass)
    {
        return new ExecutorRegistration(
            7, deployment, "team", "1.0", Set.of(), Map.of(executorClass, 2), "aeron:udp?endpoint=127.0.0.1:1", 500);
    }

    @Test
    void classesAndDeploymentsFollowTheIdentifierRule()
    {
        assertNull(listener.refusalFor(registering("pipelines", "ocr.日本語")));
        assertTrue(listener.refusalFor(registering("pipelines", "o\r\ncr")).contains("executor class name contains U+000D"));
        assertTrue(listener.refusalFor(registering("pipelines", "x".repeat(300))).contains("300"));
        assertTrue(listener.refusalFor(registering("pipe\u202Elines", "ocr")).contains("deployment name contains U+202E"));
    }
}
