package io.weft.scheduler.core;

import io.weft.scheduler.api.SubmissionCallback;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Answers to submitters, held until the batch that carries their DAGs is durable: an acceptance told earlier could
 * name a DAG the grid never took. Refusals of duplicates wait too, so a submitter hears about its batch in one go.
 */
final class AckOutbox
{
    private SubmissionCallback[] acks = new SubmissionCallback[64];
    private long[] ackDagIds = new long[64];
    private int ackCount;
    private final List<Runnable> duplicates = new ArrayList<>();

    void accepted(final SubmissionCallback callback, final long dagId)
    {
        if (callback == null)
        {
            return;
        }
        if (ackCount == acks.length)
        {
            acks = Arrays.copyOf(acks, ackCount * 2);
            ackDagIds = Arrays.copyOf(ackDagIds, ackCount * 2);
        }
        acks[ackCount] = callback;
        ackDagIds[ackCount] = dagId;
        ackCount++;
    }

    void duplicate(final SubmissionCallback callback, final long dagId, final long existingDagId)
    {
        duplicates.add(() -> callback.onDuplicate(dagId, existingDagId));
    }

    int pendingAcceptances()
    {
        return ackCount;
    }

    /** The batch is durable: every submitter hears. */
    void flush()
    {
        for (int i = 0; i < ackCount; i++)
        {
            acks[i].onAccepted(ackDagIds[i]);
            acks[i] = null;
        }
        ackCount = 0;
        tellDuplicates();
    }

    /**
     * The batch will not be acted on here: acceptances become failures with {@code reason} (a DAG of it that the
     * grid did take is found and run by the owner that holds it), and a duplicate is still a duplicate.
     */
    void failAll(final String reason)
    {
        for (int i = 0; i < ackCount; i++)
        {
            acks[i].onFailed(ackDagIds[i], reason);
            acks[i] = null;
        }
        ackCount = 0;
        tellDuplicates();
    }

    private void tellDuplicates()
    {
        if (!duplicates.isEmpty())
        {
            duplicates.forEach(Runnable::run);
            duplicates.clear();
        }
    }
}
