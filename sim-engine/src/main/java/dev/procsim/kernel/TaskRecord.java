package dev.procsim.kernel;

/**
 * What is kept of a task for output once it is reaped, or at the end of the run if it is not.
 * The name is kept as the task's {@link TaskName}, printed by {@link #name()}. {@code pid} is the
 * task's own ID (a thread's TID), {@code tgid} its process's (the thread group leader's PID).
 */
public record TaskRecord(TaskName taskName, int pid, int tgid, int ppid, int nsPid, String program, long arrival, long firstRun, long finish,
        long cpuTime, long demand, long readyWait, long blocked, int voluntarySwitches, int involuntarySwitches,
        int migrations, long pageFaults, long pageCopies, int exitStatus, TaskState state, BlockReason blockReason,
        RealtimeStats realtime) {

    static TaskRecord of(Task t) {
        return new TaskRecord(t.name, t.pid, t.tgid(), t.ppid(), t.nsPid(), t.programName(), t.arrival, t.firstRun, t.finish, t.cpuTime,
                t.demand, t.readyWait, t.blocked, t.voluntarySwitches, t.involuntarySwitches, t.migrations,
                t.pageFaults, t.pageCopies, t.exitStatus, t.state, t.blockReason, t.rt);
    }

    public String name() {
        return taskName.toString();
    }

    /** first run - arrival, or -1 if it never ran. */
    public long response() {
        return firstRun < 0 ? -1 : firstRun - arrival;
    }

    /** finish - arrival, or -1 if it did not finish. */
    public long turnaround() {
        return finish < 0 ? -1 : finish - arrival;
    }

    /** turnaround - CPU time - blocked time (time spent ready, plus context switches), or -1. */
    public long waiting() {
        return finish < 0 ? -1 : finish - arrival - cpuTime - blocked;
    }
}
