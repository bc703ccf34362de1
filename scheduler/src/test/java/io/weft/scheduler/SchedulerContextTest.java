package io.weft.scheduler;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SchedulerContextTest
{
    @Test
    void resultsAreLimitedTo64KiBByDefaultAndTheLimitCannotBeNegative()
    {
        assertEquals(64 * 1024, new SchedulerContext().conclude().maxResultBytes());
        assertEquals(0, new SchedulerContext().maxResultBytes(0).conclude().maxResultBytes());
        assertThrows(IllegalArgumentException.class, () -> new SchedulerContext().maxResultBytes(-1).conclude());
    }
}
