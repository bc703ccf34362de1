package io.weft.scheduler.api;

import java.util.List;

/**
 * One job of a submitted DAG, as the submitter described it.
 *
 * @param id            the job's id, unique within its DAG
 * @param executorClass the executor class whose slots run it
 * @param priority      base priority; higher runs first
 * @param payload       opaque bytes handed to the executor (the REST bridge stores the JSON text)
 * @param dependsOn     ids of the jobs that must succeed before this one is ready
 */
public record JobSpec(String id, String executorClass, int priority, byte[] payload, List<String> dependsOn)
{
    public JobSpec
    {
        dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
        payload = payload == null ? new byte[0] : payload;
    }
}
