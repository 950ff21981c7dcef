package dev.procsim.kernel;

import dev.procsim.engine.DoubleSampler;
import dev.procsim.engine.EventHandler;
import dev.procsim.engine.RandomStreams;
import dev.procsim.engine.SimTime;
import dev.procsim.engine.Simulation;
import dev.procsim.engine.StopReason;
import dev.procsim.engine.StreamSwitch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * The simulated kernel (design.md sections 2 and 4): tasks and their programs, the dispatch loop
 * over N CPUs, PIDs and limits, and the process lifecycle. Schedulers ({@link Scheduler}) and the
 * memory model ({@link MemoryModel}) plug in through their hooks; the kernel never asks which one
 * it has.
 *
 * <p>Rules of the dispatch loop:
 * <ul>
 *   <li>Dispatch decisions are taken at the end of an instant, after every event at that time has
 *       fired, so tasks that arrive together are all queued before any is picked.</li>
 *   <li>A task whose quantum expires is queued behind the tasks that arrive or wake at that same
 *       instant ({@link KernelConfig#requeuePreemptedFirst} reverses this).</li>
 *   <li>Idle CPUs take work first, lowest CPU number first. Then each task woken at this instant
 *       that is still waiting may preempt a running task: CPUs are tried in number order and the
 *       first whose task the scheduler says it should displace ({@link Scheduler#wakeupPreempts})
 *       is taken.</li>
 *   <li>A context switch is counted, and costs {@link KernelConfig#contextSwitch}, when a CPU
 *       starts a task other than the one it ran last (idle gaps in between do not matter; the
 *       first dispatch on a CPU is not a switch). The switch time is neither the task's CPU time
 *       nor idle time.</li>
 *   <li>Kernel work (fork, exec, exit, faults, system calls) is CPU time of the task doing it and
 *       can be preempted like computation.</li>
 * </ul>
 */
public final class Kernel implements EventHandler {
    static final int EV_ARRIVE = 1, EV_WORK = 2, EV_QUANTUM = 3, EV_WAKE = 4, EV_INIT_REAP = 5, EV_JOB_MISS = 6, EV_ARRIVE_LATER = 7, EV_ARRIVE_BATCH = 8;

    static final byte PHASE_NONE = 0, PHASE_FORK_COPY = 1, PHASE_FORK_FAILED = 2, PHASE_SPAWN_COPY = 3,
            PHASE_EXEC = 4, PHASE_EXIT = 5, PHASE_JOB = 6;

    /** Program steps one task may take at one instant before the run is declared stuck in a loop. */
    private static final int STEP_LIMIT = 1_000_000;

    private static final class Cpu {
        final int id;
        Task current;
        Task lastRan;
        Task preempted; // taken off this CPU against its will, not yet known to be replaced
        long segStart; // when the current task started (or will start, after a switch) executing
        long runStart; // start of the current Gantt segment
        long workEvent = -1;
        long workEnd = -1; // when workEvent fires
        long quantumEvent = -1;

        Cpu(int id) {
            this.id = id;
        }
    }

    private final Simulation sim;
    private final KernelConfig cfg;
    private final Scheduler sched;
    private final MemoryModel mem;
    private final ProgramSet programs;
    private final RandomStreams streams;
    /** Draws every task's durations (see sample); samplers[program id][random duration] are bound to it. */
    private final StreamSwitch streamSwitch = new StreamSwitch();
    private final DoubleSampler[][] samplers;
    private final Cpu[] cpus;
    private final PidAllocator pids;
    private final Cgroup workloadGroup;
    private final KernelMetrics metrics;
    private final ScheduleLog schedule;
    private final Task init;
    private final boolean cooperative;
    private final Scheduler.OnMiss onMiss;

    private Task[] slots = new Task[64];
    private int[] freeSlots = new int[64];
    private int freeSlotCount;
    private int slotsUsed;

    private long nrTasks;
    private int[] nprocByUid = new int[1024];
    private int zombiesNow;
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
    /** Whether run() was called: processes added before are fed in arrival order (see addPending). */
    private boolean started;
    private int[] preRunOrder;
    private int nextPreRun;

    private Task[] expired = new Task[8];
    private int expiredCount;
    private Task[] woken = new Task[8];
    private int wokenCount;
    private boolean settleRequested;
    private Runnable dispatchObserver;

    public Kernel(KernelConfig cfg, Scheduler sched, MemoryModel mem, ProgramSet programs, RandomStreams streams) {
        cfg.validate();
        this.cfg = cfg;
        this.sched = sched;
        this.mem = mem;
        this.programs = programs;
        this.streams = streams;
        this.samplers = new DoubleSampler[programs.size()][];
        this.sim = new Simulation();
        sim.setEndOfInstant(this::settle);
        cpus = new Cpu[cfg.cpus];
        for (int i = 0; i < cfg.cpus; i++) cpus[i] = new Cpu(i);
        pids = new PidAllocator(cfg.pidMax);
        workloadGroup = new Cgroup("workload", cfg.pidsMax);
        metrics = new KernelMetrics(cfg.cpus);
        schedule = new ScheduleLog(cfg.maxScheduleSegments);
        cooperative = sched.preemption() == Scheduler.Preemption.AT_KERNEL_ENTRY;
        onMiss = sched.onMiss();
        sched.init(cfg.cpus);
        mem.attach(sim::now);
        // PID 1: init. It runs no program of its own; it adopts orphans and reaps its zombies.
        init = new Task("init", 0);
        init.pid = pids.allocate();
        init.state = TaskState.BLOCKED;
        init.blockReason = BlockReason.WAIT;
        init.arrival = 0;
        assignSlot(init);
        nrTasks = 1;
        metrics.pidsInUse.record(0, pids.inUse());
    }

    // ------------------------------------------------------------------ setup and run

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
    private Task takePending(int i) {
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
    private void startArrivals() {
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
    private void arriveBatch() {
        long now = sim.now();
        int[] order = preRunOrder;
        while (nextPreRun < order.length && pendingTime[order[nextPreRun]] == now) arrive(takePending(order[nextPreRun++]));
        if (nextPreRun < order.length) sim.scheduleFirstAt(pendingTime[order[nextPreRun]], this, EV_ARRIVE_BATCH, 0);
    }

    private Task newProcessTask(ProcessSpec spec, Program p, long index) {
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

    /** Runs until {@code horizon} (events at the horizon included) or until no event is left. */
    public RunResult run(long horizon) {
        return run(horizon, null);
    }

    /**
     * Like {@link #run(long)}, and also stops after the first event at which {@code until} (checked
     * after every event; null for never) returns true, with {@link StopReason#PREDICATE}. A run is
     * final either way: the tasks still alive are recorded as they stand.
     */
    public RunResult run(long horizon, BooleanSupplier until) {
        if (!started) startArrivals();
        StopReason reason = sim.run(horizon, Long.MAX_VALUE, until);
        long now = sim.now();
        for (Cpu c : cpus) {
            if (c.current != null) {
                chargeRun(c);
                schedule.add(c.id, c.current, c.runStart, now);
                c.runStart = now;
            }
        }
        metrics.endTime = now;
        List<TaskRecord> stuck = new ArrayList<>();
        for (int i = 0; i < slotsUsed; i++) {
            Task t = slots[i];
            if (t == null || t == init || t.state == TaskState.NEW) continue;
            if (t.state == TaskState.READY) {
                t.readyWait += now - t.stateSince;
                t.stateSince = now;
            } else if (t.state == TaskState.BLOCKED) {
                t.blocked += now - t.stateSince;
                t.stateSince = now;
            }
            if (t.rt != null) finishRealtime(t, now);
            TaskRecord r = TaskRecord.of(t);
            if (reason == StopReason.NO_EVENTS && t.state == TaskState.BLOCKED) stuck.add(r);
            record(t);
        }
        return new RunResult(reason, now, sim.eventsFired(), stuck);
    }

    public Simulation simulation() {
        return sim;
    }

    /**
     * Called after every dispatch round (the end of an instant at which something changed), when
     * the instant's decisions are final: for tracing and for invariant checks.
     */
    public void setDispatchObserver(Runnable observer) {
        this.dispatchObserver = observer;
    }

    /** Tasks in the run queue. */
    public int readyCount() {
        return sched.readyCount();
    }

    public KernelMetrics metrics() {
        return metrics;
    }

    public ScheduleLog scheduleLog() {
        return schedule;
    }

    public Task init() {
        return init;
    }

    public Cgroup workloadCgroup() {
        return workloadGroup;
    }

    public PidAllocator pids() {
        return pids;
    }

    public long now() {
        return sim.now();
    }

    /** Tasks that exist (live or zombie), init included. */
    public long taskCount() {
        return nrTasks;
    }

    public int zombieCount() {
        return zombiesNow;
    }

    /** The task on a CPU, or null when it is idle. */
    public Task running(int cpu) {
        return cpus[cpu].current;
    }

    public int cpuCount() {
        return cpus.length;
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

    // ------------------------------------------------------------------ events

    @Override
    public void onEvent(int tag, int arg) {
        switch (tag) {
            case EV_ARRIVE -> arrive(slots[arg]);
            case EV_ARRIVE_LATER -> arrive(takePending(arg));
            case EV_ARRIVE_BATCH -> arriveBatch();
            case EV_WORK -> {
                Cpu c = cpus[arg];
                c.workEvent = -1;
                chargeRun(c);
                runProgram(c, c.current);
            }
            case EV_QUANTUM -> {
                Cpu c = cpus[arg];
                c.quantumEvent = -1;
                if (c.workEvent >= 0 && c.workEnd == sim.now()) {
                    // The burst ends at this very instant: the task finishes it and goes on to its
                    // next action (an exit or a block leaves the CPU at once, as in the textbooks);
                    // only if it still wants the CPU is it preempted.
                    Task t = c.current;
                    sim.cancel(c.workEvent);
                    c.workEvent = -1;
                    chargeRun(c);
                    runProgram(c, t);
                    if (c.current != t) return;
                }
                if (cooperative) {
                    c.current.needResched = true;
                } else {
                    preempt(c, !cfg.requeuePreemptedFirst);
                }
            }
            case EV_WAKE -> {
                Task t = slots[arg];
                t.wakeEvent = -1;
                wake(t);
            }
            case EV_JOB_MISS -> jobMissCheck(slots[arg]);
            case EV_INIT_REAP -> {
                Task t = slots[arg];
                if (t != null && t.state == TaskState.ZOMBIE && t.parent == init) reap(init, t);
            }
            default -> throw new IllegalStateException("unknown kernel event " + tag);
        }
    }

    private void requestSettle() {
        if (!settleRequested) {
            settleRequested = true;
            sim.requestEndOfInstant();
        }
    }

    /** End of an instant: requeue expired tasks, fill idle CPUs, then apply wakeup preemption. */
    private void settle() {
        settleRequested = false;
        long now = sim.now();
        for (int i = 0; i < expiredCount; i++) {
            Task t = expired[i];
            expired[i] = null;
            if (t != null && t.state == TaskState.READY) enqueue(t, Scheduler.EnqueueReason.PREEMPTED, now);
        }
        expiredCount = 0;
        for (Cpu c : cpus) {
            if (c.current == null) dispatchNext(c, now);
        }
        for (int i = 0; i < wokenCount; i++) {
            Task w = woken[i];
            woken[i] = null;
            if (w.state != TaskState.READY) continue;
            for (Cpu c : cpus) {
                Task r = c.current;
                if (r == null) continue;
                chargeRun(c);
                if (sched.wakeupPreempts(w, r, now)) {
                    preempt(c, false);
                    dispatchNext(c, now);
                    break;
                }
            }
        }
        wokenCount = 0;
        metrics.readyQueue.record(now, sched.readyCount());
        if (dispatchObserver != null) dispatchObserver.run();
    }

    private void dispatchNext(Cpu c, long now) {
        while (c.current == null) {
            Task t = sched.pickNext(c.id, now);
            if (t == null) return;
            dispatch(c, t, now);
        }
    }

    private void dispatch(Cpu c, Task t, long now) {
        // A preempted task that is picked again at once was not switched out (as Linux's nivcsw).
        if (c.preempted != null && c.preempted != t) c.preempted.involuntarySwitches++;
        c.preempted = null;
        for (Cpu other : cpus) {
            if (other != c && other.preempted == t) {
                t.involuntarySwitches++; // it moved to another CPU
                other.preempted = null;
            }
        }
        t.state = TaskState.RUNNING;
        t.readyWait += now - t.stateSince;
        t.stateSince = now;
        if (t.cpu >= 0 && t.cpu != c.id) t.migrations++;
        t.cpu = c.id;
        long cs = 0;
        if (c.lastRan != null && c.lastRan != t) {
            metrics.contextSwitches++;
            cs = cfg.contextSwitch;
            metrics.cpuSwitching[c.id] += cs;
        }
        c.current = t;
        c.lastRan = t;
        c.segStart = now + cs;
        c.runStart = c.segStart;
        if (t.firstRun < 0) t.firstRun = c.segStart;
        t.needResched = false;
        long slice = sched.timeSlice(t, c.id, now);
        if (slice != SimTime.NEVER) {
            c.quantumEvent = sim.scheduleAt(c.segStart + Math.max(slice, 0), this, EV_QUANTUM, c.id);
        }
        if (t.work > 0 || cs > 0) {
            startWork(c, t);
        } else {
            runProgram(c, t);
        }
    }

    /** Charges the running task for the time since its segment started. */
    private void chargeRun(Cpu c) {
        long now = sim.now();
        if (now > c.segStart) {
            Task t = c.current;
            long ran = now - c.segStart;
            t.cpuTime += ran;
            t.work -= ran;
            metrics.cpuBusy[c.id] += ran;
            c.segStart = now;
            sched.accountRun(t, ran, now);
        }
    }

    private void startWork(Cpu c, Task t) {
        long start = Math.max(sim.now(), c.segStart);
        // Saturate: work that would end past the end of simulated time ends just before it.
        long end = t.work >= SimTime.NEVER - 1 - start ? SimTime.NEVER - 1 : start + t.work;
        c.workEvent = sim.scheduleAt(end, this, EV_WORK, c.id);
        c.workEnd = end;
    }

    /** Takes the task off its CPU (charging it first) and cancels the CPU's timers. */
    private void releaseCpu(Cpu c, boolean stillRunnable) {
        chargeRun(c);
        sched.putPrev(c.current, stillRunnable, sim.now());
        sim.cancel(c.workEvent);
        sim.cancel(c.quantumEvent);
        c.workEvent = -1;
        c.quantumEvent = -1;
        long now = sim.now();
        schedule.add(c.id, c.current, c.runStart, Math.max(now, c.runStart));
        c.current = null;
        requestSettle();
    }

    private void preempt(Cpu c, boolean deferRequeue) {
        Task t = c.current;
        releaseCpu(c, true);
        t.state = TaskState.READY;
        t.stateSince = sim.now();
        c.preempted = t; // an involuntary switch only if another task takes the CPU (see dispatch)
        if (deferRequeue) {
            if (expiredCount == expired.length) expired = Arrays.copyOf(expired, expiredCount * 2);
            expired[expiredCount++] = t;
        } else {
            enqueue(t, Scheduler.EnqueueReason.PREEMPTED, sim.now());
        }
    }

    private void block(Cpu c, Task t, BlockReason reason, long wakeAt) {
        releaseCpu(c, false);
        t.state = TaskState.BLOCKED;
        t.blockReason = reason;
        t.stateSince = sim.now();
        t.voluntarySwitches++;
        if (wakeAt != SimTime.NEVER) t.wakeEvent = sim.scheduleAt(wakeAt, this, EV_WAKE, t.slot);
    }

    private void wake(Task t) {
        long now = sim.now();
        t.blocked += now - t.stateSince;
        t.state = TaskState.READY;
        t.blockReason = BlockReason.NONE;
        t.stateSince = now;
        // a task that slept from its arrival (a periodic task with an offset) is new to the policy
        boolean firstTime = t.firstRun < 0 && t.voluntarySwitches == 0;
        enqueue(t, firstTime ? Scheduler.EnqueueReason.NEW : Scheduler.EnqueueReason.WAKEUP, now);
        noteWoken(t);
    }

    /**
     * Queues a ready task. If it has no work in hand and its next action is a computation, the
     * burst is drawn now (loop bookkeeping on the way is done too), so that policies that look at
     * the next CPU burst (SJF, SRTF) see it; the task draws the same numbers in the same order
     * either way.
     */
    private void enqueue(Task t, Scheduler.EnqueueReason reason, long now) {
        if (t.work == 0 && t.phase == PHASE_NONE && t.pendingExec == null) preloadBurst(t);
        armDropCheck(t);
        sched.enqueue(t, reason, now);
    }

    private void preloadBurst(Task t) {
        Program p = t.program;
        for (int guard = 0; guard < 64 && t.pc < p.op.length; guard++) {
            int pc = t.pc;
            byte op = p.op[pc];
            if (op == Program.LOOP_START || op == Program.LOOP_END) {
                stepLoop(t, p, pc);
            } else if (op == Program.COMPUTE) {
                t.pc++;
                long d = sample(t, p, pc);
                if (d > 0) {
                    t.work = d;
                    t.demand += d;
                    return;
                }
            } else if (op == Program.PERIODIC) {
                RealtimeStats rt = realtimeOf(t, (Action.Periodic) p.action[pc]);
                if (rt == null) {
                    t.pc++; // all jobs done
                    continue;
                }
                long release = nextRelease(t, rt);
                if (release <= sim.now()) startJob(t, rt, release);
                return;
            } else {
                return;
            }
        }
    }

    // ------------------------------------------------------------------ periodic jobs

    /** The task's job state for this periodic action, or null when its jobs are all done. */
    private RealtimeStats realtimeOf(Task t, Action.Periodic spec) {
        if (t.rt == null || t.rt.spec != spec) t.rt = new RealtimeStats(spec);
        return spec.jobs() >= 0 && t.rt.jobIndex >= spec.jobs() ? null : t.rt;
    }

    private static long nextRelease(Task t, RealtimeStats rt) {
        return t.arrival + rt.spec.offset() + rt.jobIndex * rt.period;
    }

    /** Releases job {@code rt.jobIndex}: its work and deadline; arms the on-miss timer. */
    private void startJob(Task t, RealtimeStats rt, long release) {
        rt.release = release;
        rt.deadline = release + rt.spec.deadline();
        t.jobDeadline = rt.deadline;
        rt.active = true;
        rt.released++;
        t.work = rt.spec.wcet();
        t.demand += t.work;
        t.phase = PHASE_JOB;
        if (onMiss == Scheduler.OnMiss.ABORT_AT_DEADLINE) {
            rt.missEvent = sim.scheduleAt(Math.max(sim.now(), rt.deadline), this, EV_JOB_MISS, t.slot);
        }
    }

    /** drop-when-infeasible: while a job waits, check it just after its laxity reaches zero. */
    private void armDropCheck(Task t) {
        RealtimeStats rt = t.rt;
        if (rt == null || !rt.active || onMiss != Scheduler.OnMiss.DROP_WHEN_INFEASIBLE) return;
        sim.cancel(rt.missEvent);
        long at = rt.deadline - t.work + 1;
        rt.missEvent = sim.scheduleAt(Math.max(sim.now(), at), this, EV_JOB_MISS, t.slot);
    }

    private void completeJob(Task t) {
        RealtimeStats rt = t.rt;
        long now = sim.now();
        rt.active = false;
        t.jobDeadline = Long.MAX_VALUE;
        sim.cancel(rt.missEvent);
        rt.missEvent = -1;
        rt.completed++;
        long response = now - rt.release;
        rt.responseSum += response;
        rt.responseMin = Math.min(rt.responseMin, response);
        rt.responseMax = Math.max(rt.responseMax, response);
        if (now > rt.deadline) {
            rt.missed++;
            schedule.instant(rt.deadline, t, "deadline-miss", "late");
        }
        rt.jobIndex++;
    }

    private void jobMissCheck(Task t) {
        if (t == null || t.rt == null) return;
        RealtimeStats rt = t.rt;
        rt.missEvent = -1;
        if (!rt.active) return;
        long now = sim.now();
        if (onMiss == Scheduler.OnMiss.ABORT_AT_DEADLINE && now >= rt.deadline) {
            if (t.state == TaskState.RUNNING) {
                // A job whose response equals its deadline meets it: if its work ends at this very
                // instant, its completion (an event of this instant too) comes first.
                Cpu c = cpus[t.cpu];
                chargeRun(c);
                if (c.workEvent >= 0 && c.workEnd == now && t.work <= 0) return;
            }
            rt.aborted++;
            stopJob(t);
        } else if (onMiss == Scheduler.OnMiss.DROP_WHEN_INFEASIBLE && t.state != TaskState.RUNNING && now + t.work > rt.deadline) {
            rt.dropped++;
            stopJob(t);
        }
    }

    /** Ends the current job unfinished (a miss) and lets the task go on to its next release. */
    private void stopJob(Task t) {
        RealtimeStats rt = t.rt;
        long now = sim.now();
        rt.active = false;
        t.jobDeadline = Long.MAX_VALUE;
        rt.missed++;
        schedule.instant(Math.min(now, rt.deadline), t, "deadline-miss", now >= rt.deadline ? "aborted" : "dropped");
        rt.jobIndex++;
        t.phase = PHASE_NONE;
        if (t.state == TaskState.RUNNING) {
            Cpu c = cpus[t.cpu];
            chargeRun(c);
            sim.cancel(c.workEvent);
            c.workEvent = -1;
            t.work = 0;
            runProgram(c, t);
        } else if (t.state == TaskState.READY) {
            leaveRunQueue(t, now);
            t.stateSince = now;
            t.work = 0;
            RealtimeStats next = realtimeOf(t, rt.spec);
            long release = next == null ? now : nextRelease(t, next);
            if (release <= now) {
                enqueue(t, Scheduler.EnqueueReason.WAKEUP, now);
                noteWoken(t);
            } else {
                t.state = TaskState.BLOCKED;
                t.blockReason = BlockReason.SLEEP;
                t.wakeEvent = sim.scheduleAt(release, this, EV_WAKE, t.slot);
            }
        }
    }

    /** At the end of a run: the job in progress and the backlog of released jobs, missed if their deadline has passed. */
    private void finishRealtime(Task t, long end) {
        RealtimeStats rt = t.rt;
        if (rt.active && rt.deadline <= end) {
            rt.missed++;
            schedule.instant(rt.deadline, t, "deadline-miss", "unfinished");
        }
        Action.Periodic spec = rt.spec;
        long first = t.arrival + spec.offset();
        if (end < first) return;
        long due = (end - first) / spec.period() + 1;
        if (spec.jobs() >= 0) due = Math.min(due, spec.jobs());
        if (due > rt.released) {
            // Jobs released by the clock but not yet started (queued behind a late one).
            long lastWithDeadlinePassed = end - first - spec.deadline() < 0 ? -1 : (end - first - spec.deadline()) / spec.period();
            long missedBacklog = Math.max(0, Math.min(due - 1, lastWithDeadlinePassed) - rt.released + 1);
            rt.missed += missedBacklog;
            for (long j = rt.released; j < rt.released + missedBacklog && schedule.recordsInstants(); j++) {
                schedule.instant(first + j * spec.period() + spec.deadline(), t, "deadline-miss", "never started");
            }
            rt.released = due;
        }
    }

    /** Takes a READY task out of the run queue (or the list of tasks waiting to be requeued). */
    private void leaveRunQueue(Task t, long now) {
        boolean pending = false;
        for (int i = 0; i < expiredCount; i++) {
            if (expired[i] == t) {
                expired[i] = null;
                pending = true;
            }
        }
        if (!pending) sched.dequeue(t, now);
        t.readyWait += now - t.stateSince;
    }

    private void noteWoken(Task t) {
        if (wokenCount == woken.length) woken = Arrays.copyOf(woken, wokenCount * 2);
        woken[wokenCount++] = t;
        requestSettle();
    }

    // ------------------------------------------------------------------ program interpreter

    /**
     * Runs the task's program from where it stands until it needs CPU time, leaves the CPU, or
     * exits. Called when the task is on CPU {@code c} with no work item left.
     */
    private void runProgram(Cpu c, Task t) {
        int steps = 0;
        while (true) {
            if (++steps > STEP_LIMIT) {
                throw new IllegalStateException("task " + t + " ran " + STEP_LIMIT
                        + " program steps without using time: a loop of zero-length actions?");
            }
            if (t.phase != PHASE_NONE) {
                if (completePhase(c, t)) return;
                continue;
            }
            if (t.pendingExec != null) {
                if (kernelWork(c, t, mem.exec(t, t.memoryBytes), PHASE_EXEC, 0)) return;
                continue;
            }
            Program p = t.program;
            int pc = t.pc;
            if (pc >= p.op.length) {
                beginExit(c, t, 0);
                return;
            }
            long now = sim.now();
            switch (p.op[pc]) {
                case Program.COMPUTE -> {
                    t.pc++;
                    long d = sample(t, p, pc);
                    if (d > 0) {
                        t.work = d;
                        t.demand += d;
                        startWork(c, t);
                        return;
                    }
                }
                case Program.SYSCALL -> {
                    if (kernelEntryPreempts(c, t)) return;
                    t.pc++;
                    if (kernelWork(c, t, sample(t, p, pc), PHASE_NONE, 0)) return;
                }
                case Program.IO, Program.SLEEP -> {
                    t.pc++;
                    long d = sample(t, p, pc);
                    // Dur.FOREVER, or a block that would end past the end of simulated time, never ends.
                    long wakeAt = d >= SimTime.NEVER - now ? SimTime.NEVER : now + d;
                    block(c, t, p.op[pc] == Program.IO ? BlockReason.IO : BlockReason.SLEEP, wakeAt);
                    return;
                }
                case Program.YIELD -> {
                    t.pc++;
                    releaseCpu(c, true);
                    t.state = TaskState.READY;
                    t.stateSince = now;
                    t.voluntarySwitches++;
                    enqueue(t, Scheduler.EnqueueReason.YIELDED, now);
                    return;
                }
                case Program.FORK -> {
                    if (kernelEntryPreempts(c, t)) return;
                    if (startFork(c, t, p, pc, false)) return;
                }
                case Program.SPAWN -> {
                    if (kernelEntryPreempts(c, t)) return;
                    if (startFork(c, t, p, pc, true)) return;
                }
                case Program.EXEC -> {
                    if (kernelEntryPreempts(c, t)) return;
                    t.pc++;
                    t.pendingExec = p.target[pc];
                    long bytes = ((Action.Exec) p.action[pc]).memoryBytes();
                    if (kernelWork(c, t, mem.exec(t, bytes), PHASE_EXEC, 0)) return;
                }
                case Program.TOUCH -> {
                    t.pc++;
                    if (kernelWork(c, t, mem.touch(t, (Action.Touch) p.action[pc], touchSampler(t)), PHASE_NONE, 0)) return;
                }
                case Program.WAIT -> {
                    if (kernelEntryPreempts(c, t)) return;
                    t.pc++;
                    Action.Wait w = (Action.Wait) p.action[pc];
                    Task z = findChild(t, w.childIndex(), true);
                    if (z != null) {
                        t.lastResult = z.pid;
                        reap(t, z);
                        if (kernelWork(c, t, mem.waitReapCost(), PHASE_NONE, 0)) return;
                    } else if (findChild(t, w.childIndex(), false) == null) {
                        t.lastResult = -Signals.ECHILD;
                    } else if (w.nohang()) {
                        t.lastResult = 0;
                    } else {
                        t.waitTarget = w.childIndex();
                        block(c, t, BlockReason.WAIT, SimTime.NEVER);
                        return;
                    }
                }
                case Program.EXIT -> {
                    beginExit(c, t, ((Action.Exit) p.action[pc]).code());
                    return;
                }
                case Program.LOOP_START, Program.LOOP_END -> stepLoop(t, p, pc);
                case Program.KILL -> {
                    if (kernelEntryPreempts(c, t)) return;
                    t.pc++;
                    Action.Kill k = (Action.Kill) p.action[pc];
                    Task target = resolve(t, k.target());
                    if (target == null) {
                        t.lastResult = -Signals.ESRCH;
                    } else {
                        t.lastResult = 0;
                        kill(target, k.signal());
                        if (target == t) return;
                    }
                }
                case Program.PERIODIC -> {
                    RealtimeStats rt = realtimeOf(t, (Action.Periodic) p.action[pc]);
                    if (rt == null) {
                        t.pc++;
                    } else {
                        long release = nextRelease(t, rt);
                        if (release > now) {
                            block(c, t, BlockReason.SLEEP, release);
                            return;
                        }
                        // A new job goes through the run queue: the policy may prefer another task.
                        releaseCpu(c, true);
                        t.state = TaskState.READY;
                        t.stateSince = now;
                        enqueue(t, Scheduler.EnqueueReason.WAKEUP, now);
                        noteWoken(t);
                        return;
                    }
                }
                default -> throw new IllegalStateException("bad opcode " + p.op[pc]);
            }
        }
    }

    /** Loop bookkeeping: a loop start sets its counter; a loop end jumps back or falls through. */
    private static void stepLoop(Task t, Program p, int pc) {
        if (p.op[pc] == Program.LOOP_START) {
            if (t.loopCounters == null) t.loopCounters = new int[p.loops];
            t.loopCounters[p.loopSlot[pc]] = p.loopArg[pc];
            t.pc++;
        } else {
            int start = p.loopArg[pc];
            int times = p.loopArg[start];
            if (times < 0 || --t.loopCounters[p.loopSlot[pc]] > 0) t.pc = start + 1;
            else t.pc++;
        }
    }

    /** In cooperative mode, a task whose quantum expired is switched out when it enters the kernel. */
    private boolean kernelEntryPreempts(Cpu c, Task t) {
        if (t.needResched) {
            preempt(c, false);
            return true;
        }
        return false;
    }

    /**
     * Starts kernel work of {@code cost} ns on the task's CPU, to be followed by {@code phase}.
     * Returns true if the task now has work to do (the caller must return), false if the cost was
     * zero and the phase can complete at once.
     */
    private boolean kernelWork(Cpu c, Task t, long cost, byte phase, int phaseArg) {
        t.phase = phase;
        t.phaseArg = phaseArg;
        if (cost > 0) {
            t.work = cost;
            t.demand += cost;
            startWork(c, t);
            return true;
        }
        return false;
    }

    /** Finishes the kernel work a phase stands for. Returns true if the task left the CPU or has new work. */
    private boolean completePhase(Cpu c, Task t) {
        byte phase = t.phase;
        int arg = t.phaseArg;
        t.phase = PHASE_NONE;
        switch (phase) {
            case PHASE_FORK_COPY, PHASE_SPAWN_COPY -> {
                return commitFork(c, t, arg, phase == PHASE_SPAWN_COPY);
            }
            case PHASE_FORK_FAILED -> {
                return forkFailed(c, t);
            }
            case PHASE_EXEC -> {
                t.program = t.pendingExec;
                t.pendingExec = null;
                t.pc = 0;
                t.loopCounters = null;
                t.streams = null;
                metrics.execs++;
                schedule.instant(sim.now(), t, "exec", t.program.name());
                releaseVforkParent(t);
                return false;
            }
            case PHASE_EXIT -> {
                finishExit(c, t);
                return true;
            }
            case PHASE_JOB -> {
                completeJob(t);
                return false;
            }
            default -> throw new IllegalStateException("bad phase " + phase);
        }
    }

    // ------------------------------------------------------------------ fork, spawn

    private boolean startFork(Cpu c, Task t, Program p, int pc, boolean spawn) {
        t.forkStart = sim.now();
        ForkFailure early = earlyCheck(t);
        if (early != null) {
            recordFailure(t, early);
            return kernelWork(c, t, mem.forkEarlyFailureCost(), PHASE_FORK_FAILED, pc);
        }
        Program target = p.target[pc];
        Task child = new Task(target.taskName, RandomStreams.deriveKey(t.key, t.forks));
        child.childIndex = t.forks++;
        child.uid = t.uid;
        child.nice = t.nice;
        child.priority = t.priority;
        child.cgroup = t.cgroup;
        child.autoreap = t.autoreap; // an ignored SIGCHLD stays ignored in the child
        child.program = target;
        t.pendingChild = child;
        long cost;
        if (spawn) {
            child.pendingExec = target;
            cost = mem.spawn(t, child);
        } else {
            String strategy = strategyOf(p, pc);
            if (mem.execsChild(strategy)) {
                spawn = true;
                child.pendingExec = target;
            }
            cost = mem.fork(t, child, strategy);
        }
        return kernelWork(c, t, cost, spawn ? PHASE_SPAWN_COPY : PHASE_FORK_COPY, pc);
    }

    private String strategyOf(Program p, int pc) {
        String s = ((Action.Fork) p.action[pc]).strategy();
        return s != null ? s : cfg.defaultForkStrategy;
    }

    private boolean commitFork(Cpu c, Task t, int pc, boolean spawn) {
        Task child = t.pendingChild;
        t.pendingChild = null;
        ForkFailure late = lateCheck(child);
        if (late != null) {
            recordFailure(t, late);
            return kernelWork(c, t, mem.abortFork(t, child), PHASE_FORK_FAILED, pc);
        }
        long now = sim.now();
        linkChild(t, child);
        child.arrival = now;
        child.stateSince = now;
        child.state = TaskState.READY;
        assignSlot(child);
        if (spawn) metrics.spawns++;
        else metrics.forks++;
        t.lastResult = child.pid;
        t.pc = pc + 1;
        sched.fork(t, child, now);
        enqueue(child, Scheduler.EnqueueReason.NEW, now);
        noteWoken(child);
        Program p = t.program;
        if (spawn || mem.suspendsParent(strategyOf(p, pc))) {
            child.vforkParent = t;
            block(c, t, BlockReason.VFORK, SimTime.NEVER);
            return true;
        }
        metrics.forkLatency.recordValue(now - t.forkStart);
        return false;
    }

    private boolean forkFailed(Cpu c, Task t) {
        t.lastResult = -Signals.EAGAIN;
        Program p = t.program;
        int pc = t.pc;
        Action.OnFail onFail = p.op[pc] == Program.FORK ? ((Action.Fork) p.action[pc]).onFail() : Action.OnFail.CONTINUE;
        switch (onFail) {
            case CONTINUE -> {
                t.pc++;
                return false;
            }
            case RETRY -> {
                block(c, t, BlockReason.SLEEP, sim.now() + sample(t, p, pc));
                return true;
            }
            case EXIT -> {
                beginExit(c, t, 1);
                return true;
            }
            default -> throw new IllegalStateException();
        }
    }

    /** RLIMIT_NPROC, then threads-max: before anything is copied. */
    private ForkFailure earlyCheck(Task t) {
        if (nproc(t.uid) >= cfg.rlimitNproc) return ForkFailure.NPROC;
        if (nrTasks >= cfg.threadsMax) return ForkFailure.THREADS_MAX;
        return null;
    }

    /** A PID, then the cgroup's pids.max: after the copy. On success the child holds its PID and charges. */
    private ForkFailure lateCheck(Task child) {
        int pid = pids.allocate();
        if (pid < 0) return ForkFailure.PID_EXHAUSTED;
        Cgroup g = child.cgroup;
        if (g != null && g.tasks + 1L > g.pidsMax()) {
            pids.free(pid);
            return ForkFailure.PIDS_MAX;
        }
        child.pid = pid;
        if (g != null) g.tasks++;
        nrTasks++;
        nprocAdd(child.uid, 1);
        metrics.pidsInUse.record(sim.now(), pids.inUse());
        return null;
    }

    private void recordFailure(Task t, ForkFailure cause) {
        long now = sim.now();
        metrics.failures[cause.ordinal()]++;
        if (cause == ForkFailure.PID_EXHAUSTED && metrics.firstPidExhaustion < 0) metrics.firstPidExhaustion = now;
        if (metrics.failureLog.size() < KernelMetrics.FAILURE_LOG_LIMIT) {
            metrics.failureLog.add(new KernelMetrics.Failure(now, t.pid, cause));
        }
        schedule.instant(now, t, "fork-failed", cause.metricName());
    }

    private void arrive(Task t) {
        long now = sim.now();
        t.arrival = now;
        ForkFailure cause = earlyCheck(t);
        if (cause == null) cause = lateCheck(t);
        if (cause != null) {
            // init could not create the process: it never runs.
            recordFailure(init, cause);
            t.state = TaskState.DEAD;
            releaseSlot(t);
            record(t);
            return;
        }
        linkChild(init, t);
        t.childIndex = -1;
        mem.newImage(t, t.memoryBytes);
        t.state = TaskState.READY;
        t.stateSince = now;
        long firstRelease = firstReleaseLater(t, now);
        if (firstRelease != SimTime.NEVER) {
            // A periodic task whose first job comes later sleeps until then without taking a CPU.
            t.state = TaskState.BLOCKED;
            t.blockReason = BlockReason.SLEEP;
            t.wakeEvent = sim.scheduleAt(firstRelease, this, EV_WAKE, t.slot);
            return;
        }
        enqueue(t, Scheduler.EnqueueReason.NEW, now);
        noteWoken(t);
    }

    /** The release of a new task's first periodic job if it starts with one released after now, else NEVER. */
    private long firstReleaseLater(Task t, long now) {
        if (t.work == 0 && t.phase == PHASE_NONE && t.pendingExec == null) preloadBurst(t);
        Program p = t.program;
        if (t.work != 0 || t.pc >= p.op.length || p.op[t.pc] != Program.PERIODIC || t.rt == null || t.rt.active) return SimTime.NEVER;
        long release = nextRelease(t, t.rt);
        return release > now ? release : SimTime.NEVER;
    }

    // ------------------------------------------------------------------ exit, wait, kill

    private void beginExit(Cpu c, Task t, int code) {
        t.exitStatus = code;
        if (!kernelWork(c, t, mem.exit(t), PHASE_EXIT, 0)) finishExit(c, t);
    }

    private void finishExit(Cpu c, Task t) {
        if (c != null) releaseCpu(c, false);
        becomeZombie(t);
    }

    private void becomeZombie(Task t) {
        long now = sim.now();
        t.state = TaskState.ZOMBIE;
        t.blockReason = BlockReason.NONE;
        t.finish = now;
        t.stateSince = now;
        metrics.exits++;
        zombiesNow++;
        metrics.zombies.record(now, zombiesNow);
        releaseVforkParent(t);
        reparentChildren(t);
        notifyParent(t);
    }

    /** The child exec'd or exited: its vfork/spawn parent continues; its fork latency ends here. */
    private void releaseVforkParent(Task t) {
        Task p = t.vforkParent;
        if (p != null) {
            t.vforkParent = null;
            if (p.state == TaskState.BLOCKED && p.blockReason == BlockReason.VFORK) {
                long now = sim.now();
                metrics.vforkSuspension.recordValue(now - p.stateSince);
                metrics.forkLatency.recordValue(now - p.forkStart);
                wake(p);
            }
        }
    }

    /** SIGCHLD: the parent reaps at once (autoreap), init reaps after its delay, a waiting parent wakes. */
    private void notifyParent(Task z) {
        Task p = z.parent;
        if (p.autoreap) {
            reap(p, z);
            if (p.state == TaskState.BLOCKED && p.blockReason == BlockReason.WAIT && findChild(p, p.waitTarget, false) == null) {
                p.lastResult = -Signals.ECHILD;
                wake(p);
            }
        } else if (p == init) {
            sim.scheduleAt(sim.now() + cfg.initReapDelay, this, EV_INIT_REAP, z.slot);
        } else if (p.state == TaskState.BLOCKED && p.blockReason == BlockReason.WAIT && matches(z, p.waitTarget)) {
            p.lastResult = z.pid;
            reap(p, z);
            long cost = mem.waitReapCost();
            p.work += cost;
            p.demand += cost;
            wake(p);
        }
    }

    private static boolean matches(Task child, int target) {
        return target < 0 || child.childIndex == target;
    }

    /** A child of {@code p} matching {@code target}; with {@code zombie} only a zombie one. Oldest first. */
    private static Task findChild(Task p, int target, boolean zombie) {
        for (Task c = p.firstChild; c != null; c = c.nextSibling) {
            if (matches(c, target) && (!zombie || c.state == TaskState.ZOMBIE)) return c;
        }
        return null;
    }

    private void reap(Task parent, Task z) {
        long now = sim.now();
        unlinkChild(parent, z);
        parent.lastWaitStatus = z.exitStatus;
        z.state = TaskState.DEAD;
        pids.free(z.pid);
        nrTasks--;
        nprocAdd(z.uid, -1);
        if (z.cgroup != null) z.cgroup.tasks--;
        zombiesNow--;
        metrics.reaps++;
        metrics.zombies.record(now, zombiesNow);
        metrics.pidsInUse.record(now, pids.inUse());
        record(z);
        releaseSlot(z);
    }

    /** Orphans go to the nearest live ancestor marked subreaper, else to init (find_new_reaper). */
    private void reparentChildren(Task t) {
        Task reaper = init;
        for (Task a = t.parent; a != null && a != init; a = a.parent) {
            if (a.subreaper && a.state != TaskState.ZOMBIE && a.state != TaskState.DEAD) {
                reaper = a;
                break;
            }
        }
        Task c = t.firstChild;
        while (c != null) {
            Task next = c.nextSibling;
            unlinkChild(t, c);
            linkChild(reaper, c);
            c.childIndex = -1;
            if (c.state == TaskState.ZOMBIE) notifyParent(c);
            c = next;
        }
    }

    private Task resolve(Task t, Action.Target target) {
        Task r = null;
        if (target instanceof Action.Target.Self) {
            r = t;
        } else if (target instanceof Action.Target.Parent) {
            r = t.parent;
        } else if (target instanceof Action.Target.Child ch) {
            r = findChild(t, ch.index(), false);
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

    /** Default action of SIGKILL/SIGTERM: the target exits with status 128 + signal, wherever it is. */
    private void kill(Task target, int signal) {
        long now = sim.now();
        metrics.kills++;
        switch (target.state) {
            case RUNNING -> releaseCpu(cpus[target.cpu], false);
            case READY -> leaveRunQueue(target, now);
            case BLOCKED -> {
                sim.cancel(target.wakeEvent);
                target.wakeEvent = -1;
                target.blocked += now - target.stateSince;
            }
            default -> throw new IllegalStateException("kill of " + target);
        }
        if (target.pendingChild != null) {
            mem.abortFork(target, target.pendingChild);
            target.pendingChild = null;
        }
        if (target.rt != null) {
            sim.cancel(target.rt.missEvent);
            target.rt.missEvent = -1;
        }
        target.phase = PHASE_NONE;
        target.work = 0;
        target.pendingExec = null;
        mem.exit(target);
        target.exitStatus = 128 + signal;
        becomeZombie(target);
    }

    // ------------------------------------------------------------------ helpers

    /** The family of per-task streams that choose which pages a task touches. */
    private static final long PAGES_STREAM = RandomStreams.nameHash("pages");

    /**
     * A duration of the task's program: a constant, or a draw from the task's own stream for that
     * duration (keyed by the stream's name and the task's identity). Every task's streams are
     * drawn through one generator ({@link StreamSwitch}) and one sampler per program duration;
     * the task keeps only the streams' state, made when it first draws (for every random
     * duration of its program at once) and dropped when it execs.
     */
    private long sample(Task t, Program p, int pc) {
        Dur d = p.dur[pc];
        if (d instanceof Dur.Fixed f) return f.nanos();
        int ri = p.randomIndex[pc];
        long[] state = t.streams;
        if (state == null) {
            state = new long[p.randoms.length * StreamSwitch.WORDS];
            for (int i = 0; i < p.randoms.length; i++) streams.seedStream(p.randomHash[i], t.key, state, i * StreamSwitch.WORDS);
            t.streams = state;
        }
        DoubleSampler[] forProgram = samplers[p.id];
        if (forProgram == null) {
            forProgram = new DoubleSampler[p.randoms.length];
            for (int i = 0; i < forProgram.length; i++) forProgram[i] = p.randoms[i].distribution().sampler(streamSwitch);
            samplers[p.id] = forProgram;
        }
        int off = ri * StreamSwitch.WORDS;
        streamSwitch.load(state, off);
        long v = forProgram[ri].sampleNanos();
        streamSwitch.store(state, off);
        return v;
    }

    /** Uniform [0, 1) numbers for choosing pages, one stream per task. */
    private DoubleSampler touchSampler(Task t) {
        if (t.touchRng == null) {
            UniformRandomProvider rng = streams.stream(PAGES_STREAM, t.key);
            t.touchRng = rng::nextDouble;
        }
        return t.touchRng;
    }

    private void linkChild(Task p, Task c) {
        c.parent = p;
        c.nextSibling = null;
        c.prevSibling = p.lastChild;
        if (p.lastChild != null) p.lastChild.nextSibling = c;
        else p.firstChild = c;
        p.lastChild = c;
    }

    private static void unlinkChild(Task p, Task c) {
        if (c.prevSibling != null) c.prevSibling.nextSibling = c.nextSibling;
        else p.firstChild = c.nextSibling;
        if (c.nextSibling != null) c.nextSibling.prevSibling = c.prevSibling;
        else p.lastChild = c.prevSibling;
        c.prevSibling = null;
        c.nextSibling = null;
    }

    private int nproc(int uid) {
        return uid < nprocByUid.length ? nprocByUid[uid] : 0;
    }

    private void nprocAdd(int uid, int delta) {
        if (uid >= nprocByUid.length) nprocByUid = Arrays.copyOf(nprocByUid, Math.max(uid + 1, nprocByUid.length * 2));
        nprocByUid[uid] += delta;
    }

    private void assignSlot(Task t) {
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

    private void releaseSlot(Task t) {
        slots[t.slot] = null;
        freeSlots[freeSlotCount++] = t.slot;
        t.slot = -1;
    }

    private void record(Task t) {
        if (metrics.tasks.size() < cfg.maxTaskRecords) {
            metrics.tasks.add(TaskRecord.of(t));
        } else {
            metrics.tasksNotRecorded++;
        }
    }
}
