package dev.procsim.kernel;

import static dev.procsim.kernel.KernelEvent.EV_ARRIVE;
import static dev.procsim.kernel.KernelEvent.EV_ARRIVE_BATCH;
import static dev.procsim.kernel.KernelEvent.EV_ARRIVE_LATER;
import static dev.procsim.kernel.KernelEvent.EV_WAKE;

import dev.procsim.engine.RandomStreams;
import dev.procsim.engine.SimTime;
import java.util.Arrays;

/**
 * The workload's processes (children of init): added before or during the run, fed to the event
 * queue one instant at a time, and created at their arrival with init's checks (a process init
 * cannot create never runs). A periodic task whose first job comes later sleeps until then.
 */
final class ArrivalFeed {
    private final KernelContext k;
    private final KernelConfig cfg;
    private final dev.procsim.engine.EventHandler events;
    private final MemoryModel mem;
    private final KernelMetrics metrics;
    private final ProgramSet programs;
    private final dev.procsim.engine.Simulation sim;
    private final TaskTable table;
    private final DispatchLoop dispatch;
    private final ProgramInterpreter interpreter;

    private long processesAdded;
    /**
     * Processes added but not yet arrived: spec, program and identity index (addArrival), or the
     * task made up front (addProcess); arrival time. Entries are cleared once arrived.
     */
    private ProcessSpec[] pending = new ProcessSpec[0];
    private Program[] pendingProgram = new Program[0];
    private long[] pendingIndex = new long[0];
    private long[] pendingTime = new long[0];
    private Task[] pendingTask = new Task[0];
    private int pendingCount;
    /** Whether the run started: processes added before are fed in arrival order (see addPending). */
    private boolean started;
    private int[] preRunOrder;
    private int nextPreRun;

    ArrivalFeed(KernelContext k, TaskTable table, DispatchLoop dispatch, ProgramInterpreter interpreter) {
        this.k = k;
        this.cfg = k.cfg;
        this.events = k.events;
        this.mem = k.mem;
        this.metrics = k.metrics;
        this.programs = k.programs;
        this.sim = k.sim;
        this.table = table;
        this.dispatch = dispatch;
        this.interpreter = interpreter;
    }

    boolean started() {
        return started;
    }

    /** A process confined to CPUs: they exist, and there are per-CPU queues to confine it with. */
    private void checkCpus(ProcessSpec spec) {
        CpuSet s = spec.cpus();
        if (s == null) return;
        if (s.last() >= cfg.cpus) {
            throw new IllegalArgumentException("process " + spec.name() + ": cpus " + s + " names a CPU this machine of " + cfg.cpus + " lacks");
        }
        if (!k.confinable) throw new IllegalArgumentException("process " + spec.name() + ": CPU affinity " + KernelContext.confineRefused(k.sched));
        CpuSet cpuset = spec.inWorkloadCgroup() ? cfg.workloadCpuset : null;
        boolean any = false;
        for (int c = 0; c <= s.last() && !any; c++) any = s.contains(c) && (cpuset == null || cpuset.contains(c));
        if (!any) throw new IllegalArgumentException("process " + spec.name() + ": cpus " + s + " has no CPU of its cpuset " + cpuset);
    }

    /** Adds a workload process (a child of init) that arrives at {@code spec.at()}. */
    Task addProcess(ProcessSpec spec) {
        checkCpus(spec);
        Task t = newProcessTask(spec, programs.get(spec.program()), processesAdded++);
        table.assignSlot(t);
        if (started) sim.scheduleAt(spec.at(), events, EV_ARRIVE, t.slot);
        else addPending(spec, null, 0, t);
        return t;
    }

    /** Room for {@code n} more arrivals, so that adding a large workload does not regrow the arrays. */
    void reserveArrivals(int n) {
        if (pendingCount + n > pending.length) growPending(pendingCount + n);
    }

    /** Adds a process whose task is created only when it arrives (see {@link Kernel#addArrival}). */
    void addArrival(ProcessSpec spec) {
        checkCpus(spec);
        Program p = programs.get(spec.program()); // looked up now: fails early, and not once per arrival
        int i = addPending(spec, p, processesAdded++, null);
        if (started) sim.scheduleAt(spec.at(), events, EV_ARRIVE_LATER, i);
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
    private int addPending(ProcessSpec spec, Program p, long index, Task task) {
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

    private void growPending(int cap) {
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
            table.assignSlot(t);
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

        if (n > 0) sim.scheduleFirstAt(pendingTime[order[0]], events, EV_ARRIVE_BATCH, 0);
    }

    /** Every process added before the run that arrives now, in order; then the next instant's. */
    void arriveBatch() {
        long now = sim.now();
        int[] order = preRunOrder;
        while (nextPreRun < order.length && pendingTime[order[nextPreRun]] == now) arrive(takePending(order[nextPreRun++]));
        if (nextPreRun < order.length) sim.scheduleFirstAt(pendingTime[order[nextPreRun]], events, EV_ARRIVE_BATCH, 0);
    }

    private Task newProcessTask(ProcessSpec spec, Program p, long index) {
        Task t = new Task(TaskName.numbered(spec.baseName(), spec.serial()), RandomStreams.deriveKey(0x5EED_0000L, index));
        t.program = p;
        t.nice = spec.nice();
        t.priority = spec.priority();
        t.uid = spec.uid();
        t.autoreap = spec.autoreap();
        t.subreaper = spec.subreaper();
        t.cgroup = spec.inWorkloadCgroup() ? table.workloadGroup : null;
        t.memoryBytes = spec.memoryBytes();
        if (spec.cpus() != null) t.ext().allowed = spec.cpus();
        return t;
    }

    /** A workload process arrives: init creates it (or fails to, and it never runs), and it is queued or sleeps until its first job. */
    void arrive(Task t) {
        long now = sim.now();
        t.arrival = now;
        ForkFailure cause = table.earlyCheck(t);
        if (cause == null) cause = table.lateCheck(t);
        if (cause != null) {
            // init could not create the process: it never runs.
            table.recordFailure(table.init, cause);
            t.state = TaskState.DEAD;
            table.releaseSlot(t);
            table.record(t);
            return;
        }
        TaskTable.linkChild(table.init, t);
        t.childIndex = -1;
        t.pgid = t.pid; // a workload process starts as the leader of its own process group (a job)
        mem.newImage(t, t.memoryBytes);
        t.state = TaskState.READY;
        t.stateSince = now;
        long firstRelease = interpreter.firstReleaseLater(t, now);
        if (firstRelease != SimTime.NEVER) {
            // A periodic task whose first job comes later sleeps until then without taking a CPU.
            t.state = TaskState.BLOCKED;
            t.blockReason = BlockReason.SLEEP;
            t.wakeEvent = sim.scheduleAt(firstRelease, events, EV_WAKE, t.slot);
            return;
        }
        dispatch.enqueue(t, Scheduler.EnqueueReason.NEW, now);
        dispatch.noteWoken(t);
    }
}
