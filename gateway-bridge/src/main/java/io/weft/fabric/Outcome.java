package io.weft.fabric;

/** How one gateway fared in a fan-out (publish, pause, resume). */
public enum Outcome
{
    SUCCEEDED,
    FAILED
}
