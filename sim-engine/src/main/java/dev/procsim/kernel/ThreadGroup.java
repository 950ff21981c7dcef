package dev.procsim.kernel;

import java.util.ArrayList;

/**
 * A thread group (Linux's signal_struct and thread list, reduced to what is modelled): the leader,
 * whose PID is the group's TGID and who holds the place in the process tree, and the threads
 * created with clone(THREAD). Made when a process creates its first thread; a single-threaded
 * process has none.
 */
final class ThreadGroup {
    /**
     * The leader. A thread that execs becomes it (de_thread: {@code leader->group_leader = tsk}),
     * so the old leader's record shows the process's TGID.
     */
    Task leader;
    /** The leader first, then threads in creation order; an ended thread stays until joined (or the group ends). */
    final ArrayList<Task> members = new ArrayList<>(4);
    /** Members that have not exited. */
    int live = 1;
    /**
     * The group's exit status is decided: exit_group or a fatal signal, or the last live member
     * started exiting (Linux's SIGNAL_GROUP_EXIT and group_exit_code); {@link #exitCode} is what
     * the parent's wait reports.
     */
    boolean exiting;
    int exitCode;

    ThreadGroup(Task leader) {
        this.leader = leader;
        members.add(leader);
    }

    /** The leader of the task's thread group: the task itself when it has no threads. */
    static Task leaderOf(Task t) {
        return t.group() == null ? t : t.group().leader;
    }

    /** The tasks of the process led by {@code leader}: the leader alone, or its thread group (a copy, safe to change the group under). */
    static Task[] members(Task leader) {
        return leader.group() == null ? new Task[] {leader} : leader.group().members.toArray(new Task[0]);
    }

    /** {@code joiner} has joined the ended thread {@code ended}: it leaves the group and its TID and status are the join's result. */
    static void joined(Task joiner, Task ended) {
        joiner.group().members.remove(ended);
        joiner.lastResult = ended.pid;
        joiner.lastWaitStatus = ended.exitStatus;
    }
}
