package io.weft.node.grid;

import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import io.weft.scheduler.api.JobState;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.AbstractMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The CPU a journal batch costs, without the network: building and serialising the batch's deltas the way
 * {@link GridSchedulerJournal} does (the owner's side), and reading the batch back and applying each delta to its
 * DAG's run record (the partition owners' side). Three shapes: one DAG with many changes (a big flat DAG), many DAGs with a
 * few changes each (chains), and many DAGs with one change each (1-job DAGs). Results are per batch; divide by
 * {@code dags * jobsPerDag} for per job. What a batch costs beyond these numbers is round trips and waiting.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class JournalBatchBenchmark
{
    @Param({"1:1000", "100:10", "100:1"})
    String shape;

    private int dags;
    private int jobsPerDag;
    private InternalSerializationService serialization;
    private Data encodedBatch;
    private final Map<Long, DagRunRecord> records = new HashMap<>();
    private long token = 1L << 40;

    @Setup
    public void setUp()
    {
        final String[] parts = shape.split(":");
        dags = Integer.parseInt(parts[0]);
        jobsPerDag = Integer.parseInt(parts[1]);
        serialization = new DefaultSerializationServiceBuilder()
            .addDataSerializableFactory(GridSerializerFactory.FACTORY_ID, new GridSerializerFactory()).build();
        for (long dagId = 1; dagId <= dags; dagId++)
        {
            records.put(dagId, new DagRunRecord(dagId, Math.max(jobsPerDag, 1), 1_000L));
        }
        final Map<Long, JobDeltaProcessor> deltas = new HashMap<>();
        for (long dagId = 1; dagId <= dags; dagId++)
        {
            deltas.put(dagId, delta(dagId, token));
        }
        encodedBatch = serialization.toData(new BatchDeltaProcessor(deltas));
    }

    /** The owner's side: one delta per DAG touched, then the batch serialised for its trip to the partitions. */
    @Benchmark
    public int encodeBatch()
    {
        final Map<Long, JobDeltaProcessor> deltas = new HashMap<>();
        token++;
        for (long dagId = 1; dagId <= dags; dagId++)
        {
            deltas.put(dagId, delta(dagId, token));
        }
        return serialization.toData(new BatchDeltaProcessor(deltas)).totalSize();
    }

    /** A partition's side, first half: the batch read back from the wire. */
    @Benchmark
    public Object decodeBatch()
    {
        return serialization.toObject(encodedBatch);
    }

    /** A partition's side, second half: each DAG's delta applied to its run record in place (OBJECT format). */
    @Benchmark
    public int applyBatch()
    {
        int refused = 0;
        token++;
        for (long dagId = 1; dagId <= dags; dagId++)
        {
            refused += delta(dagId, token).process(new AbstractMap.SimpleEntry<>(dagId, records.get(dagId)));
        }
        return refused;
    }

    private JobDeltaProcessor delta(final long dagId, final long fencingToken)
    {
        final JobDeltaProcessor delta = new JobDeltaProcessor(1, "node-1");
        for (int job = 0; job < jobsPerDag; job++)
        {
            delta.addJob(job, (byte)JobState.RUNNING.ordinal(), 1, fencingToken, 7, 1_000, 1_001, 1_002, 0, null, null);
        }
        return delta;
    }
}
