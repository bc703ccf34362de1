package io.weft.scheduler.api;

/** What a submission does when its reference key was already used by an earlier DAG. */
public enum DuplicatePolicy
{
    /** Refuse the new DAG and point at the existing one (the default: makes submission idempotent). */
    REJECT,
    /** Run both. */
    ALLOW,
    /** Cancel the earlier DAG if it is still running, and run the new one. */
    REPLACE
}
