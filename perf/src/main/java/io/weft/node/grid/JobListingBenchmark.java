package io.weft.node.grid;

import com.hazelcast.core.HazelcastInstance;
import io.weft.scheduler.api.DagPlan;
import io.weft.scheduler.api.DagSpec;
import io.weft.scheduler.api.DagState;
import io.weft.scheduler.api.DagValidator;
import io.weft.scheduler.api.JobSpec;
import io.weft.scheduler.api.JobState;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * What a job listing costs on a grid member that holds {@code dags} finished 1-job DAGs (one in a hundred failed, the
 * rest succeeded), as the retention keeps them: a page of the failed ones and the first page of everything, read
 * from the job index, and the same pages by the scan of every run record and definition that listings did before
 * the index (kept here, and only here, to compare against).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "-Djava.util.concurrent.ForkJoinPool.common.parallelism=2"})
public class JobListingBenchmark
{
    @Param({"100000"})
    int dags;

    private HazelcastInstance member;
    private GridMaps maps;
    private GridJobQueries queries;

    @Setup(Level.Trial)
    public void fill()
    {
        member = GridMemberFactory.start("weft-listing-bench-" + UUID.randomUUID(), "127.0.0.1", 0, List.of());
        maps = new GridMaps(member);
        queries = new GridJobQueries(maps);
        final DagPlan plan = new DagValidator().validate(new DagSpec("one", List.of(new JobSpec("only", "ocr", 0, null, List.of()))));
        for (long from = 1; from <= dags; from += 1_000)
        {
            final Map<Long, DagRecord> definitions = new HashMap<>();
            final Map<Long, JobDeltaProcessor> deltas = new HashMap<>();
            for (long dagId = from; dagId < from + 1_000 && dagId <= dags; dagId++)
            {
                definitions.put(dagId, DagRecord.of(dagId, 1L, plan));
                final JobDeltaProcessor delta = new JobDeltaProcessor(1L);
                delta.create(plan, 1L);
                final JobState state = dagId % 100 == 0 ? JobState.FAILED : JobState.SUCCEEDED;
                delta.addJob(0, (byte)state.ordinal(), 1, 1, 7, 1, 2, 3, 4, state == JobState.FAILED ? "boom" : null, null);
                delta.dagState(state == JobState.FAILED ? DagState.FAILED : DagState.SUCCEEDED, 4, false, 0);
                deltas.put(dagId, delta);
            }
            maps.dags.setAll(definitions);
            maps.dagRuns.executeOnKeys(deltas.keySet(), new BatchDeltaProcessor(deltas));
        }
    }

    @TearDown(Level.Trial)
    public void stop()
    {
        member.shutdown();
    }

    @Benchmark
    public int failedPageFromIndex()
    {
        return queries.listJobs(JobState.FAILED, null, null, 0, 50).jobs().size();
    }

    @Benchmark
    public int firstPageFromIndex()
    {
        return queries.listJobs(null, null, null, 0, 50).jobs().size();
    }

    @Benchmark
    public int failedPageByScan()
    {
        return scan(JobState.FAILED, 50);
    }

    @Benchmark
    public int firstPageByScan()
    {
        return scan(null, 50);
    }

    /** The listing as it was before the index: every run record and definition read, filtered and counted here. */
    private int scan(final JobState state, final int limit)
    {
        final TreeMap<Long, DagRunRecord> runs = new TreeMap<>(maps.dagRuns.getAll(maps.dagRuns.keySet()));
        final Map<Long, DagRecord> definitions = maps.dags.getAll(runs.keySet());
        int page = 0;
        long total = 0;
        for (final Map.Entry<Long, DagRunRecord> entry : runs.entrySet())
        {
            final DagRecord dag = definitions.get(entry.getKey());
            final DagRunRecord run = entry.getValue();
            for (int i = 0; dag != null && i < run.jobCount(); i++)
            {
                if (state == null || run.jobState(i) == state)
                {
                    if (page < limit)
                    {
                        GridJobQueries.view(dag, run, i);
                        page++;
                    }
                    total++;
                }
            }
        }
        return page + (int)(total & 1);
    }
}
