package io.weft.transport;

import org.junit.jupiter.api.Test;

import java.io.File;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddedMediaDriverTest
{
    @Test
    void usesAUniqueDirectoryAndDeletesItOnClose()
    {
        final File dir;
        try (EmbeddedMediaDriver first = EmbeddedMediaDriver.launch();
            EmbeddedMediaDriver second = EmbeddedMediaDriver.launch())
        {
            assertNotEquals(first.aeronDirectoryName(), second.aeronDirectoryName());
            assertTrue(new File(first.aeronDirectoryName()).getName().startsWith("weft-aeron-"));
            assertTrue(first.aeron().clientId() >= 0);
            dir = new File(first.aeronDirectoryName());
            assertTrue(dir.isDirectory());
        }
        assertFalse(dir.exists());
    }
}
