package dev.procsim.kernel;

/**
 * What the dispatch loop needs from the program interpreter, which sits above it: to run a task's
 * program when it has no work in hand, and to prepare a task that is about to be queued. The one
 * call up from the dispatch loop, bound once when the kernel is wired.
 */
interface ProgramRunner {
    /** Runs the program of {@code t}, on CPU {@code c} with no work item left, until it needs CPU time, blocks or leaves. */
    void runProgram(Cpu c, Task t);

    /** {@code t}, about to be queued with no work in hand, draws its next CPU burst if its next action is a computation (SJF sees it). */
    void preloadBurst(Task t);

    /** {@code t}, a periodic task about to be queued, has its job's drop check armed (drop-when-infeasible). */
    void jobQueued(Task t);
}
