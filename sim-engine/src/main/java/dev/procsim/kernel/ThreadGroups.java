package dev.procsim.kernel;

import dev.procsim.engine.SimTime;

/**
 * Threads (as the thread-group parts of Linux's {@code kernel/exit.c}, {@code kernel/signal.c}
 * and {@code fs/exec.c}): join; {@code exit_group} and a fatal signal end every thread of the
 * process; {@code exec} in a threaded process ends the other threads and the caller carries on as
 * the process (de_thread). Creating threads is in {@link ForkAndSpawn}; a thread's release at its
 * exit and the leader's delayed zombie are in {@link ExitAndWait}.
 */
final class ThreadGroups {
    private final KernelContext k;
    private final KernelMetrics metrics;
    private final dev.procsim.engine.Simulation sim;
    private final TaskTable table;
    private final DispatchLoop dispatch;
    private final ExitAndWait exit;

    ThreadGroups(KernelContext k, TaskTable table, DispatchLoop dispatch, ExitAndWait exit) {
        this.k = k;
        this.metrics = k.metrics;
        this.sim = k.sim;
        this.table = table;
        this.dispatch = dispatch;
        this.exit = exit;
    }

    /**
     * Default action of SIGKILL/SIGTERM: the target exits with status 128 + signal, wherever it is;
     * a signal to a thread of a multi-threaded process ends the whole process.
     */
    void kill(Task target, int signal) {
        if (target.group() != null) killGroup(target, 128 + signal);
        else exit.terminate(target, 128 + signal);
    }

    /** {@code join}: returns true if the task blocked (the caller must return). */
    boolean join(Cpu c, Task t, int index) {
        Task ended = findThread(t, index, true);
        if (ended != null) {
            ThreadGroup.joined(t, ended);
        } else if (findThread(t, index, false) == null) {
            t.lastResult = -Signals.ESRCH; // no such thread, or already joined
        } else {
            t.waitTarget = index;
            dispatch.block(c, t, BlockReason.JOIN, SimTime.NEVER);
            return true;
        }
        return false;
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
    void exitGroup(Cpu c, Task t, int code) {
        ThreadGroup g = t.group();
        if (g != null && !g.exiting) {
            g.exiting = true;
            g.exitCode = code;
            endOthers(g, t, code);
        }
        exit.beginExit(c, t, code);
    }

    /** A fatal signal to a threaded process: every thread ends, the process's status is {@code status}. */
    private void killGroup(Task anyMember, int status) {
        ThreadGroup g = anyMember.group();
        if (!g.exiting) {
            g.exiting = true;
            g.exitCode = status;
        }
        endOthers(g, null, status);
    }

    private void endOthers(ThreadGroup g, Task except, int status) {
        for (Task m : g.members.toArray(new Task[0])) { // a copy: never iterate a list that ending a thread may change
            if (m != except && TaskTable.alive(m)) exit.terminate(m, status);
        }
    }

    /**
     * exec in a threaded process (de_thread): the other threads end; if the caller is not the
     * leader, it takes the leader's PID, process group and place in the process tree and becomes
     * the group's leader, and the old leader is released with the caller's former TID, as Linux
     * swaps them (exchange_tids, transfer_pid); the old leader's record keeps the process's TGID.
     */
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
            table.releaseIds(l);
            table.zombieGone();
            metrics.pidsInUse.record(now, table.pids.inUse());
            table.record(l);
            table.releaseSlot(l);
        }
        if (t.ext != null) t.ext.group = null; // single-threaded again; ended threads not joined are gone with the group
    }
}
