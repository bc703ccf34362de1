package io.weft.scheduler.api;

import java.util.List;

/**
 * One job of a submitted DAG, as the submitter described it.
 *
 * @param id             the job's id, unique within its DAG
 * @param executorClass  the executor class whose slots run it
 * @param priority       base priority; higher runs first
 * @param payload        opaque bytes handed to the executor (the REST bridge stores the JSON text)
 * @param dependsOn      ids of the jobs that must succeed before this one is ready
 * @param retry          retry policy; null means {@link RetryPolicy#DEFAULT}
 * @param softDeadlineMs after submission, when the job should be done; 0 for none. Raises its urgency.
 * @param hardDeadlineMs after submission, when the job must have started; 0 for none. Past it, a job that has not
 *                       started expires.
 * @param runTimeoutMs   longest an attempt may run before it is cancelled and fails; 0 for none
 */
public record JobSpec(
    String id,
    String executorClass,
    int priority,
    byte[] payload,
    List<String> dependsOn,
    RetryPolicy retry,
    long softDeadlineMs,
    long hardDeadlineMs,
    long runTimeoutMs)
{
    public JobSpec
    {
        dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
        payload = payload == null ? new byte[0] : payload;
        retry = retry == null ? RetryPolicy.DEFAULT : retry;
    }

    public JobSpec(final String id, final String executorClass, final int priority, final byte[] payload, final List<String> dependsOn)
    {
        this(id, executorClass, priority, payload, dependsOn, null, 0, 0, 0);
    }
}
