package dev.procsim.kernel;

import dev.procsim.engine.RandomStreams;
import dev.procsim.engine.SimTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The task table and the arrival feed (as Linux's {@code pid.c} and the task list): slots that
 * give each task a small index for events, the per-user process counts RLIMIT_NPROC checks, the
 * parent/child links, the records of finished tasks, and the processes added before or during the
 * run, fed to the event queue one instant at a time.
 */
abstract class TaskTable extends KernelState {
    // Calls up to the layers above (implemented there; the one class, Kernel, is final, so they stay direct calls).
    abstract void arrive(Task t);

    TaskTable(KernelConfig cfg, Scheduler sched, MemoryModel mem, ProgramSet programs, RandomStreams streams) {
        super(cfg, sched, mem, programs, streams);
    }

    Task[] slots = new Task[64];
    int[] freeSlots = new int[64];
    int freeSlotCount;
    int slotsUsed;

    long nrTasks;
    int[] nprocByUid = new int[1024];
    int zombiesNow;
    long processesAdded;
    /**
     * Processes added but not yet arrived: spec, program and identity index (addArrival), or the
     * task made up front (addProcess); arrival time. Entries are cleared once arrived.
     */
    ProcessSpec[] pending = new ProcessSpec[0];
    Program[] pendingProgram = new Program[0];
    long[] pendingIndex = new long[0];
    long[] pendingTime = new long[0];
    Task[] pendingTask = new Task[0];
    int pendingCount;
    /** Whether run() was called: processes added before are fed in arrival order (see addPending). */
    boolean started;
    int[] preRunOrder;
    int nextPreRun;

    /** Adds a workload process (a child of init) that arrives at {@code spec.at()}. */
    public Task addProcess(ProcessSpec spec) {
        Task t = newProcessTask(spec, programs.get(spec.program()), processesAdded++);
        assignSlot(t);
        if (started) sim.scheduleAt(spec.at(), this, EV_ARRIVE, t.slot);
        else addPending(spec, null, 0, t);
        return t;
    }

    /** Room for {@code n} more arrivals, so that adding a large workload does not regrow the arrays. */
    public void reserveArrivals(int n) {
        if (pendingCount + n > pending.length) growPending(pendingCount + n);
    }

    /**
     * Adds a process like {@link #addProcess} (same identity, same order of events), but creates
     * its task only when it arrives: a workload of many processes arriving over time then holds
     * only the live ones, not one task object per process from the start.
     */
    public void addArrival(ProcessSpec spec) {
        Program p = programs.get(spec.program()); // looked up now: fails early, and not once per arrival
        int i = addPending(spec, p, processesAdded++, null);
        if (started) sim.scheduleAt(spec.at(), this, EV_ARRIVE_LATER, i);
    }

    /*
     * Processes added before the run starts are not scheduled one event each: that would fill the
     * event queue with every future arrival (100,000 pending events for a 100,000-process workload,
     * a deep heap for every other event to sift through). They are kept here, sorted by (time,
     * order added) when the run starts, and fed to the queue one instant at a time with
     * scheduleFirst: events added before the run are all arrivals, so each would have fired before
     * every event scheduled during the run at its instant, and in the order added; scheduleFirst
     * keeps exactly that place. Processes added after the run started get an ordinary event.
     */
    int addPending(ProcessSpec spec, Program p, long index, Task task) {
        if (!started && (spec.at() < 0 || spec.at() >= SimTime.NEVER)) {
            throw new IllegalArgumentException("arrival time must be in [0, " + (SimTime.NEVER - 1) + "] ns, was " + spec.at());
        }
        if (pendingCount == pending.length) growPending(Math.max(16, pending.length * 2));
        pending[pendingCount] = spec;
        pendingProgram[pendingCount] = p;
        pendingIndex[pendingCount] = index;
        pendingTime[pendingCount] = spec.at();
        pendingTask[pendingCount] = task;
        return pendingCount++;
    }

    void growPending(int cap) {
        pending = Arrays.copyOf(pending, cap);
        pendingProgram = Arrays.copyOf(pendingProgram, cap);
        pendingIndex = Arrays.copyOf(pendingIndex, cap);
        pendingTime = Arrays.copyOf(pendingTime, cap);
        pendingTask = Arrays.copyOf(pendingTask, cap);
    }

    /** The task of pending arrival {@code i}, created now if it was added lazily; its entry is cleared. */
    Task takePending(int i) {
        Task t = pendingTask[i];
        if (t == null) {
            t = newProcessTask(pending[i], pendingProgram[i], pendingIndex[i]);
            assignSlot(t);
        }
        pending[i] = null;
        pendingProgram[i] = null;
        pendingTask[i] = null;
        return t;
    }

    /** At the first run: the processes added so far, in arrival order, the first instant of them scheduled. */
    void startArrivals() {
        started = true;
        int n = pendingCount;
        int[] order = new int[n];
        boolean sorted = true;
        for (int i = 0; i < n; i++) {
            order[i] = i;
            if (i > 0 && pendingTime[i] < pendingTime[i - 1]) sorted = false;
        }
        if (!sorted) { // workloads are usually added in time order; a stable sort keeps the order added at ties
            Integer[] boxed = new Integer[n];
            for (int i = 0; i < n; i++) boxed[i] = i;
            Arrays.sort(boxed, (a, b) -> Long.compare(pendingTime[a], pendingTime[b]));
            for (int i = 0; i < n; i++) order[i] = boxed[i];
        }
        preRunOrder = order;
        nextPreRun = 0;
        metrics.tasks.ensureCapacity((int) Math.min(n + 1L, cfg.maxTaskRecords)); // one record per process at least: no regrowth

        if (n > 0) sim.scheduleFirstAt(pendingTime[order[0]], this, EV_ARRIVE_BATCH, 0);
    }

    /** Every process added before the run that arrives now, in order; then the next instant's. */
    void arriveBatch() {
        long now = sim.now();
        int[] order = preRunOrder;
        while (nextPreRun < order.length && pendingTime[order[nextPreRun]] == now) arrive(takePending(order[nextPreRun++]));
        if (nextPreRun < order.length) sim.scheduleFirstAt(pendingTime[order[nextPreRun]], this, EV_ARRIVE_BATCH, 0);
    }

    Task newProcessTask(ProcessSpec spec, Program p, long index) {
        Task t = new Task(TaskName.numbered(spec.baseName(), spec.serial()), RandomStreams.deriveKey(0x5EED_0000L, index));
        t.program = p;
        t.nice = spec.nice();
        t.priority = spec.priority();
        t.uid = spec.uid();
        t.autoreap = spec.autoreap();
        t.subreaper = spec.subreaper();
        t.cgroup = spec.inWorkloadCgroup() ? workloadGroup : null;
        t.memoryBytes = spec.memoryBytes();
        return t;
    }

    /** Live and zombie tasks, init included (a snapshot, for tests and invariant checks). */
    public List<Task> tasks() {
        List<Task> out = new ArrayList<>();
        for (int i = 0; i < slotsUsed; i++) {
            Task t = slots[i];
            if (t != null && t.state != TaskState.NEW) out.add(t);
        }
        return out;
    }

    void linkChild(Task p, Task c) {
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

    int nproc(int uid) {
        return uid < nprocByUid.length ? nprocByUid[uid] : 0;
    }

    void nprocAdd(int uid, int delta) {
        if (uid >= nprocByUid.length) nprocByUid = Arrays.copyOf(nprocByUid, Math.max(uid + 1, nprocByUid.length * 2));
        nprocByUid[uid] += delta;
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
            metrics.tasks.add(TaskRecord.of(t));
        } else {
            metrics.tasksNotRecorded++;
        }
    }
}
