package dev.procsim.kernel;

import dev.procsim.engine.RandomStreams;
import dev.procsim.engine.SimTime;

/**
 * Threads (as the thread-group parts of Linux's {@code kernel/exit.c}, {@code kernel/signal.c}
 * and {@code fs/exec.c}): a thread that exits is reaped by the kernel at once and its creator,
 * if joining, is told; {@code exit_group} and a fatal signal end every thread of the process;
 * {@code exec} in a threaded process ends the other threads and the caller carries on as the
 * process (de_thread). Creating threads is in {@link ForkAndSpawn}, the leader's delayed zombie in
 * {@link ExitAndWait#becomeZombie}.
 */
abstract class ThreadGroups extends ExitAndWait {
    ThreadGroups(KernelConfig cfg, Scheduler sched, MemoryModel mem, ProgramSet programs, RandomStreams streams) {
        super(cfg, sched, mem, programs, streams);
    }

    /**
     * Linux 6.0 and later (kernel/exit.c synchronize_group_exit, commit d80f7d7b2c75): when the
     * last live task of a process exits and no exit_group or fatal signal came first, its code
     * becomes the group's exit status, which wait reports (wait_task_zombie reads group_exit_code
     * once SIGNAL_GROUP_EXIT is set). So a leader that exits with 3 before a thread that exits
     * with 7 leaves status 7; before 6.0 wait reported the leader's own 3.
     */
    @Override
    void becomeZombie(Task t) {
        ThreadGroup g = t.group();
        if (g != null && !g.exiting && g.live == 1) {
            g.exiting = true;
            g.exitCode = t.exitStatus;
        }
        super.becomeZombie(t);
    }

    /** Whether the task has not exited: ready, running, blocked or stopped. */
    static boolean alive(Task t) {
        return t.state == TaskState.READY || t.state == TaskState.RUNNING || t.state == TaskState.BLOCKED || t.state == TaskState.STOPPED;
    }

    /** The tasks of the process led by {@code leader}: the leader alone, or its thread group (a copy, safe to change the group under). */
    static Task[] members(Task leader) {
        return leader.group() == null ? new Task[] {leader} : leader.group().members.toArray(new Task[0]);
    }

    /**
     * A thread's exit: its TID and its share of every limit are freed at once (release_task); it
     * stays in the group, ended, until its creator joins it. A creator blocked joining it wakes.
     */
    @Override
    void releaseThread(Task t) {
        long now = sim.now();
        t.state = TaskState.DEAD;
        releaseIds(t);
        metrics.pidsInUse.record(now, pids.inUse());
        record(t);
        releaseSlot(t);
        Task j = t.creator();
        if (j != null && j.state == TaskState.BLOCKED && j.blockReason == BlockReason.JOIN && (j.waitTarget < 0 || j.waitTarget == t.childIndex)) {
            joined(j, t);
            wake(j);
        }
    }

    /** {@code join}: returns true if the task blocked (the caller must return). */
    @Override
    boolean join(Cpu c, Task t, int index) {
        Task ended = findThread(t, index, true);
        if (ended != null) {
            joined(t, ended);
        } else if (findThread(t, index, false) == null) {
            t.lastResult = -Signals.ESRCH; // no such thread, or already joined
        } else {
            t.waitTarget = index;
            block(c, t, BlockReason.JOIN, SimTime.NEVER);
            return true;
        }
        return false;
    }

    private void joined(Task joiner, Task ended) {
        joiner.group().members.remove(ended);
        joiner.lastResult = ended.pid;
        joiner.lastWaitStatus = ended.exitStatus;
    }

    /** A thread {@code t} created: its {@code index}-th, or any ({@code index < 0}); with {@code ended} only an ended one. */
    static Task findThread(Task t, int index, boolean ended) {
        ThreadGroup g = t.group();
        if (g == null) return null;
        for (int i = 1; i < g.members.size(); i++) {
            Task m = g.members.get(i);
            if (m.creator() == t && (index < 0 || m.childIndex == index) && (!ended || m.state == TaskState.DEAD)) return m;
        }
        return null;
    }

    /** exit_group: every other thread ends at once; the caller exits with {@code code}, the process's status. */
    @Override
    void exitGroup(Cpu c, Task t, int code) {
        ThreadGroup g = t.group();
        if (g != null && !g.exiting) {
            g.exiting = true;
            g.exitCode = code;
            endOthers(g, t, code);
        }
        beginExit(c, t, code);
    }

    /** A fatal signal to a threaded process: every thread ends, the process's status is {@code status}. */
    @Override
    void killGroup(Task anyMember, int status) {
        ThreadGroup g = anyMember.group();
        if (!g.exiting) {
            g.exiting = true;
            g.exitCode = status;
        }
        endOthers(g, null, status);
    }

    private void endOthers(ThreadGroup g, Task except, int status) {
        for (Task m : g.members.toArray(new Task[0])) { // a copy: never iterate a list that ending a thread may change
            if (m != except && alive(m)) terminate(m, status);
        }
    }

    /**
     * exec in a threaded process (de_thread): the other threads end; if the caller is not the
     * leader, it takes the leader's PID, process group and place in the process tree and becomes
     * the group's leader, and the old leader is released with the caller's former TID, as Linux
     * swaps them (exchange_tids, transfer_pid); the old leader's record keeps the process's TGID.
     */
    @Override
    void deThread(Task t) {
        ThreadGroup g = t.group();
        endOthers(g, t, 128 + Signals.SIGKILL);
        Task l = g.leader;
        if (l != t) {
            long now = sim.now();
            int pid = l.pid;
            l.pid = t.pid;
            t.pid = pid;
            int[] ids = l.nsPids();
            if (t.nsPids() != null || l.ext != null) l.ext().nsPids = t.nsPids();
            if (ids != null || t.ext != null) t.ext().nsPids = ids;
            if (t.ns() != null && t.ns().reaper == l) t.ns().reaper = t;
            t.parent = l.parent;
            t.childIndex = l.childIndex;
            t.prevSibling = l.prevSibling;
            t.nextSibling = l.nextSibling;
            if (l.prevSibling != null) l.prevSibling.nextSibling = t;
            else l.parent.firstChild = t;
            if (l.nextSibling != null) l.nextSibling.prevSibling = t;
            else l.parent.lastChild = t;
            l.prevSibling = l.nextSibling = null;
            t.firstChild = l.firstChild;
            t.lastChild = l.lastChild;
            for (Task ch = t.firstChild; ch != null; ch = ch.nextSibling) ch.parent = t;
            l.firstChild = l.lastChild = null;
            t.pgid = l.pgid; // transfer_pid(PIDTYPE_PGID): a thread's own pgid field is not kept up to date
            t.forks = l.forks;
            t.autoreap = l.autoreap;
            t.subreaper = l.subreaper;
            if (t.ext != null) t.ext.creator = null;
            // the old leader, a zombie no parent will see, is released (its PID is now the caller's old
            // TID); the caller leads the group now, so the old leader's tgid is still the process's
            g.leader = t;
            l.state = TaskState.DEAD;
            releaseIds(l);
            zombiesNow--;
            metrics.zombies.record(now, zombiesNow);
            metrics.pidsInUse.record(now, pids.inUse());
            record(l);
            releaseSlot(l);
        }
        if (t.ext != null) t.ext.group = null; // single-threaded again; ended threads not joined are gone with the group
    }
}
