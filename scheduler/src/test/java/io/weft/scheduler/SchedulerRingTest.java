package io.weft.scheduler;

import io.weft.scheduler.api.DagSpec;
import io.weft.scheduler.api.DagValidator;
import io.weft.scheduler.api.JobSpec;
import io.weft.scheduler.api.RetryPolicy;
import io.weft.scheduler.api.SubmissionCallback;
import io.weft.scheduler.api.DagPlan;
import io.weft.scheduler.port.DispatchSender;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The ring as producers see it: what a failure on the way in must not do to the submissions after it. */
class SchedulerRingTest
{
    private static final DispatchSender NO_EXECUTORS = new DispatchSender()
    {
        @Override
        public boolean sendDispatch(
            final long instanceId, final long dagId, final int jobIndex, final int attempt, final long fencingToken,
            final long deadlineEpochMs, final String executorClass, final String jobId, final byte[] payload)
        {
            return false;
        }

        @Override
        public boolean sendCancel(final long instanceId, final long dagId, final int jobIndex, final long fencingToken)
        {
            return false;
        }

        @Override
        public void forget(final long instanceId)
        {
        }
    };

    @Test
    void aFailingIdGeneratorDoesNotStallTheRing()
    {
        final AtomicInteger calls = new AtomicInteger();
        final SchedulerContext context = new SchedulerContext()
            .ringSize(8)
            .dagIdSupplier(() -> {
                if (calls.incrementAndGet() == 1)
                {
                    throw new IllegalStateException("grid unavailable");
                }
                return calls.get();
            });
        final Set<Long> accepted = ConcurrentHashMap.newKeySet();
        final SubmissionCallback callback = new SubmissionCallback()
        {
            @Override
            public void onAccepted(final long dagId)
            {
                accepted.add(dagId);
            }

            @Override
            public void onFailed(final long dagId, final String reason)
            {
            }
        };
        final DagPlan plan = new DagValidator().validate(new DagSpec("one", List.of(
            new JobSpec("a", "ocr", 0, null, List.of(), RetryPolicy.DEFAULT, 0, 0, 0)), null));
        try (Scheduler scheduler = new Scheduler(context, batch -> { }, NO_EXECUTORS).start())
        {
            assertThrows(IllegalStateException.class, () -> scheduler.trySubmit(plan, callback));
            // More submissions than the ring holds: each needs the ring to move past where the failure happened.
            for (int i = 0; i < 20; i++)
            {
                final long dagId = scheduler.trySubmit(plan, callback);
                assertEquals(i + 2, dagId);
                await().atMost(Duration.ofSeconds(5)).until(() -> accepted.contains(dagId));
            }
        }
    }
}
