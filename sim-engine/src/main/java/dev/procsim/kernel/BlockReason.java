package dev.procsim.kernel;

/** Why a task is {@link TaskState#BLOCKED}. */
public enum BlockReason {
    NONE, IO, SLEEP, WAIT, VFORK, JOIN, PIPE_FULL, PIPE_EMPTY
}
