package io.weft.transport.sample;

import io.weft.transport.executor.JobContext;
import io.weft.transport.executor.JobHandler;
import io.weft.transport.executor.JobResult;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends one line per job that ran to completion here, before its callback is sent: "dagId jobIndex jobId attempt
 * fencingToken". Tests read it as the executor's own testimony of what ran, how often, and in which order.
 */
final class RecordingJobHandler implements JobHandler
{
    private final JobHandler delegate;
    private final BufferedWriter out;

    RecordingJobHandler(final JobHandler delegate, final Path file)
    {
        this.delegate = delegate;
        try
        {
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open record file " + file, ex);
        }
    }

    @Override
    public JobResult handle(final JobContext job) throws Exception
    {
        final JobResult result = delegate.handle(job);
        synchronized (out)
        {
            out.write(job.dagId() + " " + job.jobIndex() + " " + job.jobId() + " " + job.attempt() + " " + job.fencingToken());
            out.newLine();
            out.flush();
        }
        return result;
    }
}
