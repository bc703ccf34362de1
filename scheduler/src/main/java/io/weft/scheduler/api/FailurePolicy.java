package io.weft.scheduler.api;

/** What a DAG does when one of its jobs fails for good. */
public enum FailurePolicy
{
    /** Independent branches run on; descendants of the failed job are skipped; the DAG ends failed. */
    CONTINUE,
    /** Cancel everything else in the DAG at once. */
    FAIL_FAST
}
