package dev.procsim.kernel;

/** Task states (design.md section 2). */
public enum TaskState {
    /** Created, not yet arrived or committed by fork. */
    NEW,
    /** In a run queue. */
    READY,
    /** On a CPU. */
    RUNNING,
    /** Waiting for I/O, a sleep, a child (wait) or a vfork child (vfork-done). */
    BLOCKED,
    /** Stopped by SIGSTOP (or another stop signal) until SIGCONT. */
    STOPPED,
    /** Exited, holding its PID until reaped. */
    ZOMBIE,
    /** Reaped. */
    DEAD
}
