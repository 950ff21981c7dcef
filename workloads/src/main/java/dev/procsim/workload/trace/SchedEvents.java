package dev.procsim.workload.trace;

/**
 * What a {@link SchedTraceReader} hands on, event by event in time order (times in ns, CPUs from
 * 0, PID 0 the idle task): building programs ({@link TraceTimelines}) and measuring a schedule
 * (procsim compare) are two consumers of the same reading.
 */
public interface SchedEvents {
    /** sched_switch on {@code cpu}: {@code prevState} as traced (R, R+, S, D, X, Z, ...). */
    void onSwitch(long t, int cpu, int prevPid, String prevComm, int prevPrio, String prevState, int nextPid, String nextComm, int nextPrio);

    /** sched_waking or sched_wakeup of {@code pid}, logged on {@code cpu} while {@code wakerPid} ran there. */
    void onWake(long t, int cpu, int wakerPid, int pid, String comm, int prio);

    /** sched_wakeup_new: a new task's first wake-up. */
    void onWakeNew(long t, int pid, String comm, int prio);

    void onFork(long t, int cpu, int parentPid, String parentComm, int childPid, String childComm);

    void onExit(long t, int pid);

    /** sched_process_exec: {@code pid} now runs {@code filename}. */
    default void onExec(long t, int pid, String filename) {}

    /** The last line was read; {@code t} is the last event's time. */
    void end(long t);
}
