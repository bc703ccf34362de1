package io.weft.node.grid;

import com.hazelcast.core.MemberLeftException;
import io.weft.scheduler.api.JobListing;
import io.weft.scheduler.api.JobPage;
import io.weft.scheduler.api.JobState;
import io.weft.scheduler.api.JobView;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Job listings for operators. A listing asks every member's {@link JobIndex} for the DAGs with jobs in the state,
 * class and submitter asked for, and how many; then reads the run records and definitions of the page's DAGs only.
 * The cost grows with the DAGs that match, not with everything the grid holds. The page is built from the records
 * themselves, so an index that lags (a member that joined or left a moment ago) can leave a job off a page or out
 * of the total for that instant, never list one in a state it is not in.
 */
public final class GridJobQueries
{
    private static final int QUERY_TIMEOUT_S = 30;
    private static final int MAX_ASKS = 3;

    private final GridMaps maps;

    public GridJobQueries(final GridMaps maps)
    {
        this.maps = maps;
    }

    /** Jobs in DAG id order; {@code submittedBy}, when not null, keeps only the DAGs that principal submitted. */
    public JobPage listJobs(final JobState state, final String executorClass, final String submittedBy, final int offset, final int limit)
    {
        final List<long[]> matches = ask(new JobIndexQuery(state, executorClass, submittedBy));
        matches.sort(Comparator.comparingLong(match -> match[0]));
        long total = 0;
        final List<Long> pageDags = new ArrayList<>();
        long skip = 0;
        for (final long[] match : matches)
        {
            if (total + match[1] > offset && total < (long)offset + limit)
            {
                if (pageDags.isEmpty())
                {
                    skip = Math.max(0, offset - total);
                }
                pageDags.add(match[0]);
            }
            total += match[1];
        }
        final Set<Long> ids = new HashSet<>(pageDags);
        final Map<Long, DagRecord> dags = maps.dags.getAll(ids);
        final Map<Long, DagRunRecord> runs = maps.dagRuns.getAll(ids);
        final List<JobListing> page = new ArrayList<>();
        for (int d = 0; d < pageDags.size(); d++)
        {
            final DagRecord dag = dags.get(pageDags.get(d));
            final DagRunRecord run = runs.get(pageDags.get(d));
            if (dag == null || run == null)
            {
                continue; // went with its retention between the index read and this one
            }
            long toSkip = d == 0 ? skip : 0; // the offset falls inside the first DAG of the page only
            for (int i = 0; i < run.jobCount() && page.size() < limit; i++)
            {
                if ((state == null || run.jobState(i) == state) && (executorClass == null || executorClass.equals(dag.executorClass(i))))
                {
                    if (toSkip > 0)
                    {
                        toSkip--;
                        continue;
                    }
                    page.add(new JobListing(dag.dagId(), dag.name(), view(dag, run, i)));
                }
            }
        }
        return new JobPage(total, offset, limit, page);
    }

    /**
     * Every member's answer to the query, as {dag id, matching jobs} pairs, one per DAG (while a partition moves,
     * both its members may answer for it). Asked again when a member left before it answered: the members that
     * took its records over answer for them.
     */
    private List<long[]> ask(final JobIndexQuery query)
    {
        for (int attempt = 1; ; attempt++)
        {
            final Map<Long, long[]> matches = new HashMap<>();
            try
            {
                for (final Future<long[]> answer : maps.listings.submitToAllMembers(query).values())
                {
                    final long[] pairs = answer.get(QUERY_TIMEOUT_S, TimeUnit.SECONDS);
                    for (int i = 0; i < pairs.length; i += 2)
                    {
                        matches.put(pairs[i], new long[] {pairs[i], pairs[i + 1]});
                    }
                }
                return new ArrayList<>(matches.values());
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while listing jobs", ex);
            }
            catch (final ExecutionException ex)
            {
                if (!(ex.getCause() instanceof MemberLeftException) || attempt == MAX_ASKS)
                {
                    throw new IllegalStateException("a grid member could not answer the job listing: " + ex.getCause(), ex);
                }
            }
            catch (final TimeoutException ex)
            {
                throw new IllegalStateException("a grid member did not answer the job listing within " + QUERY_TIMEOUT_S + " s", ex);
            }
        }
    }

    /** Dead letters, newest first; {@code submittedBy}, when not null, keeps only the DAGs that principal submitted. */
    public JobPage deadLetters(final String submittedBy, final int offset, final int limit)
    {
        final List<DeadLetterRecord> letters = new ArrayList<>(maps.deadLetters.values());
        if (submittedBy != null)
        {
            final Set<Long> theirs = new HashSet<>();
            ask(new JobIndexQuery(null, null, submittedBy)).forEach(match -> theirs.add(match[0]));
            letters.removeIf(l -> !theirs.contains(l.dagId()));
        }
        letters.sort(Comparator.comparingLong(DeadLetterRecord::finishedAtEpochMs).reversed()
            .thenComparingLong(DeadLetterRecord::dagId).thenComparingInt(DeadLetterRecord::jobIndex));
        final int from = Math.min(offset, letters.size());
        final List<DeadLetterRecord> slice = letters.subList(from, (int)Math.min(letters.size(), (long)offset + limit));
        final Set<Long> dagIds = new HashSet<>();
        slice.forEach(l -> dagIds.add(l.dagId()));
        final Map<Long, DagRecord> dags = maps.dags.getAll(dagIds);
        final Map<Long, DagRunRecord> runs = maps.dagRuns.getAll(dagIds);
        final List<JobListing> page = new ArrayList<>(slice.size());
        for (final DeadLetterRecord letter : slice)
        {
            final DagRecord dag = dags.get(letter.dagId());
            final DagRunRecord run = runs.get(letter.dagId());
            if (dag != null && run != null)
            {
                page.add(new JobListing(dag.dagId(), dag.name(), view(dag, run, letter.jobIndex())));
            }
        }
        return new JobPage(letters.size(), offset, limit, page);
    }

    static JobView view(final DagRecord dag, final DagRunRecord run, final int i)
    {
        return new JobView(
            dag.jobId(i), dag.executorClass(i), dag.priority(i), run.jobState(i), run.attempts(i), run.executorId(i),
            run.fencingToken(i), run.readyAtEpochMs(i), run.dispatchedAtEpochMs(i), run.startedAtEpochMs(i),
            run.finishedAtEpochMs(i), run.error(i), run.result(i));
    }
}
