package dev.procsim.kernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The task table and its identifiers (as Linux's {@code pid.c} and the task list): slots that give
 * each task a small index for events, init, the PIDs (in the root namespace and in nested ones),
 * the limits a new task is checked against in Linux's order (RLIMIT_NPROC and threads-max before
 * copying, a PID and pids.max after), the counts of tasks and zombies, the parent/child links,
 * finding a task by a program's target, and the records of finished tasks. It is the only owner
 * of those counts and slots; the other subsystems ask it.
 */
final class TaskTable {
    private final KernelContext k;
    private final KernelConfig cfg;
    private final KernelMetrics metrics;
    private final ScheduleLog schedule;
    private final dev.procsim.engine.Simulation sim;
    final PidAllocator pids;
    final Cgroup workloadGroup;
    /** PID 1: it runs no program of its own; it adopts orphans and reaps its zombies. */
    final Task init;

    private Task[] slots = new Task[64];
    private int[] freeSlots = new int[64];
    private int freeSlotCount;
    private int slotsUsed;

    private long nrTasks;
    private int[] nprocByUid = new int[1024];
    private int zombiesNow;

    TaskTable(KernelContext k) {
        this.k = k;
        this.cfg = k.cfg;
        this.metrics = k.metrics;
        this.schedule = k.schedule;
        this.sim = k.sim;
        pids = new PidAllocator(cfg.pidMax);
        workloadGroup = new Cgroup("workload", cfg.pidsMax);
        workloadGroup.cpus = cfg.workloadCpuset;
        init = new Task("init", 0);
        init.pid = pids.allocate();
        init.state = TaskState.BLOCKED;
        init.blockReason = BlockReason.WAIT;
        init.arrival = 0;
        assignSlot(init);
        nrTasks = 1;
        metrics.pidsInUse.record(0, pids.inUse());
    }

    /** The task in slot {@code i} (null if free). */
    Task slot(int i) {
        return slots[i];
    }

    /** Slots ever used: every task is in a slot below this. */
    int slotsUsed() {
        return slotsUsed;
    }

    /** Tasks that exist (live or zombie), init included. */
    long taskCount() {
        return nrTasks;
    }

    int zombieCount() {
        return zombiesNow;
    }

    /** A task became a zombie (its parent has not reaped it). */
    void zombieAdded() {
        zombiesNow++;
        metrics.zombies.record(sim.now(), zombiesNow);
    }

    /** A zombie was reaped or released. */
    void zombieGone() {
        zombiesNow--;
        metrics.zombies.record(sim.now(), zombiesNow);
    }

    /** Live and zombie tasks, init included (a snapshot, for tests and invariant checks). */
    List<Task> tasks() {
        List<Task> out = new ArrayList<>();
        for (int i = 0; i < slotsUsed; i++) {
            Task t = slots[i];
            if (t != null && t.state != TaskState.NEW) out.add(t);
        }
        return out;
    }

    void assignSlot(Task t) {
        int s;
        if (freeSlotCount > 0) {
            s = freeSlots[--freeSlotCount];
        } else {
            if (slotsUsed == slots.length) {
                slots = Arrays.copyOf(slots, slotsUsed * 2);
                freeSlots = Arrays.copyOf(freeSlots, slotsUsed * 2);
            }
            s = slotsUsed++;
        }
        slots[s] = t;
        t.slot = s;
    }

    void releaseSlot(Task t) {
        slots[t.slot] = null;
        freeSlots[freeSlotCount++] = t.slot;
        t.slot = -1;
    }

    void record(Task t) {
        if (metrics.tasks.size() < cfg.maxTaskRecords) {
            metrics.tasks.append(t);
        } else {
            metrics.tasksNotRecorded++;
        }
    }

    static void linkChild(Task p, Task c) {
        c.parent = p;
        c.nextSibling = null;
        c.prevSibling = p.lastChild;
        if (p.lastChild != null) p.lastChild.nextSibling = c;
        else p.firstChild = c;
        p.lastChild = c;
    }

    static void unlinkChild(Task p, Task c) {
        if (c.prevSibling != null) c.prevSibling.nextSibling = c.nextSibling;
        else p.firstChild = c.nextSibling;
        if (c.nextSibling != null) c.nextSibling.prevSibling = c.prevSibling;
        else p.lastChild = c.prevSibling;
        c.prevSibling = null;
        c.nextSibling = null;
    }

    static boolean matches(Task child, int target) {
        return target < 0 || child.childIndex == target;
    }

    /** A child of {@code p} matching {@code target}; with {@code zombie} only a zombie one. Oldest first. */
    static Task findChild(Task p, int target, boolean zombie) {
        for (Task c = p.firstChild; c != null; c = c.nextSibling) {
            if (matches(c, target) && (!zombie || c.state == TaskState.ZOMBIE)) return c;
        }
        return null;
    }

    /** Whether the task has not exited: ready, running, blocked or stopped. */
    static boolean alive(Task t) {
        return t.state == TaskState.READY || t.state == TaskState.RUNNING || t.state == TaskState.BLOCKED || t.state == TaskState.STOPPED;
    }

    /** The live task a program's target names (not init), or null. */
    Task resolve(Task t, Action.Target target) {
        Task r = null;
        if (target instanceof Action.Target.Self) {
            r = t;
        } else if (target instanceof Action.Target.Parent) {
            r = ThreadGroup.leaderOf(t).parent;
        } else if (target instanceof Action.Target.Child ch) {
            r = findChild(ThreadGroup.leaderOf(t), ch.index(), false);
        } else if (target instanceof Action.Target.Pid pid) {
            for (int i = 0; i < slotsUsed && r == null; i++) {
                Task s = slots[i];
                if (s != null && s.pid == pid.pid() && s.state != TaskState.NEW) r = s;
            }
        }
        if (r == null || r == init || r.state == TaskState.ZOMBIE || r.state == TaskState.DEAD || r.state == TaskState.NEW) {
            return null;
        }
        return r;
    }

    private int nproc(int uid) {
        return uid < nprocByUid.length ? nprocByUid[uid] : 0;
    }

    private void nprocAdd(int uid, int delta) {
        if (uid >= nprocByUid.length) nprocByUid = Arrays.copyOf(nprocByUid, Math.max(uid + 1, nprocByUid.length * 2));
        nprocByUid[uid] += delta;
    }

    /** RLIMIT_NPROC, then threads-max: before anything is copied. */
    ForkFailure earlyCheck(Task t) {
        if (nproc(t.uid) >= cfg.rlimitNproc) return ForkFailure.NPROC;
        if (nrTasks >= cfg.threadsMax) return ForkFailure.THREADS_MAX;
        return null;
    }

    /** A PID, then the cgroup's pids.max: after the copy. On success the child holds its PID and charges. */
    ForkFailure lateCheck(Task child) {
        int pid = pids.allocate();
        if (pid < 0) return ForkFailure.PID_EXHAUSTED;
        if (child.ns() != null) {
            // A PID in every namespace from the child's up to the root (alloc_pid); any one full, or a namespace whose init has exited, refuses.
            int[] ids = new int[child.ns().level];
            for (PidNamespace n = child.ns(); n != null; n = n.parent) {
                int id = n.dying ? -1 : n.pids.allocate();
                if (id < 0) {
                    for (PidNamespace m = child.ns(); m != n; m = m.parent) m.pids.free(ids[m.level - 1]);
                    pids.free(pid);
                    return ForkFailure.PID_EXHAUSTED;
                }
                ids[n.level - 1] = id;
            }
            child.ext().nsPids = ids;
        }
        Cgroup g = child.cgroup;
        if (g != null && g.full()) {
            freeNsPids(child);
            if (child.ext != null) child.ext.nsPids = null;
            pids.free(pid);
            return ForkFailure.PIDS_MAX;
        }
        child.pid = pid;
        if (g != null) g.charge(1);
        nrTasks++;
        nprocAdd(child.uid, 1);
        metrics.pidsInUse.record(sim.now(), pids.inUse());
        return null;
    }

    /** Frees a task's PIDs in its namespaces (not the root one); the numbers stay on the task for its record. */
    private static void freeNsPids(Task t) {
        if (t.nsPids() == null) return;
        for (PidNamespace n = t.ns(); n != null; n = n.parent) n.pids.free(t.nsPids()[n.level - 1]);
    }

    /** At release (reap, a thread's end): its PIDs, its place in threads-max, RLIMIT_NPROC and pids.max. */
    void releaseIds(Task t) {
        pids.free(t.pid);
        freeNsPids(t);
        nrTasks--;
        nprocAdd(t.uid, -1);
        if (t.cgroup != null) t.cgroup.charge(-1);
    }

    /** A task could not be created: counted by cause, logged, and marked on the schedule of the task that tried. */
    void recordFailure(Task t, ForkFailure cause) {
        long now = sim.now();
        metrics.failures[cause.ordinal()]++;
        if (cause == ForkFailure.PID_EXHAUSTED && metrics.firstPidExhaustion < 0) metrics.firstPidExhaustion = now;
        if (metrics.failureLog.size() < KernelMetrics.FAILURE_LOG_LIMIT) {
            metrics.failureLog.add(new KernelMetrics.Failure(now, t.pid, cause));
        }
        schedule.instant(now, t, "fork-failed", cause.metricName());
    }
}
