package dev.procsim.kernel;

import static dev.procsim.kernel.KernelEvent.EV_ARRIVE;
import static dev.procsim.kernel.KernelEvent.EV_ARRIVE_BATCH;
import static dev.procsim.kernel.KernelEvent.EV_ARRIVE_LATER;
import static dev.procsim.kernel.KernelEvent.EV_BALANCE;
import static dev.procsim.kernel.KernelEvent.EV_INIT_REAP;
import static dev.procsim.kernel.KernelEvent.EV_JOB_MISS;
import static dev.procsim.kernel.KernelEvent.EV_QUANTUM;
import static dev.procsim.kernel.KernelEvent.EV_SCHED_TIMER;
import static dev.procsim.kernel.KernelEvent.EV_SIGNAL;
import static dev.procsim.kernel.KernelEvent.EV_WAKE;
import static dev.procsim.kernel.KernelEvent.EV_WORK;

import dev.procsim.engine.EventHandler;
import dev.procsim.engine.RandomStreams;
import dev.procsim.engine.Simulation;
import dev.procsim.engine.StopReason;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The simulated kernel (design.md sections 2 and 4): the front that owns a simulation, wires the
 * subsystems (one final class each, given what it uses in its constructor; the graph is drawn in
 * {@code package-info.java}) and routes each event to the subsystem that owns it. Schedulers
 * ({@link Scheduler}) and the memory model ({@link MemoryModel}) plug in through their hooks; the
 * kernel never asks which one it has.
 */
public final class Kernel implements EventHandler {
    private final KernelContext k;
    private final Simulation sim;
    private final TaskTable table;
    private final DispatchLoop dispatch;
    private final RealtimeJobs realtime;
    private final ExitAndWait exit;
    private final SignalDelivery delivery;
    private final ArrivalFeed arrivals;
    private final Migrations migrations;

    /** A kernel with one run queue for all its CPUs, ordered by {@code sched}. */
    public Kernel(KernelConfig cfg, Scheduler sched, MemoryModel mem, ProgramSet programs, RandomStreams streams) {
        this(cfg, new Scheduler[] {single(cfg, sched)}, mem, programs, streams);
    }

    /**
     * A kernel whose run queues follow {@code cfg.runQueue}: one for all CPUs, or one per CPU, each
     * with a policy of its own from {@code policies} (called once per queue).
     */
    public Kernel(KernelConfig cfg, java.util.function.Supplier<Scheduler> policies, MemoryModel mem, ProgramSet programs, RandomStreams streams) {
        this(cfg, queues(cfg, policies), mem, programs, streams);
    }

    private static Scheduler single(KernelConfig cfg, Scheduler sched) {
        if (cfg.runQueue == KernelConfig.RunQueue.PER_CPU && cfg.cpus > 1) {
            throw new IllegalArgumentException("per-CPU run queues need a policy per CPU: give the kernel a Supplier<Scheduler>");
        }
        return sched;
    }

    private static Scheduler[] queues(KernelConfig cfg, java.util.function.Supplier<Scheduler> policies) {
        int n = cfg.runQueue == KernelConfig.RunQueue.PER_CPU ? Math.max(1, cfg.cpus) : 1;
        Scheduler[] q = new Scheduler[n];
        for (int i = 0; i < n; i++) q[i] = policies.get();
        return q;
    }

    private Kernel(KernelConfig cfg, Scheduler[] policies, MemoryModel mem, ProgramSet programs, RandomStreams streams) {
        k = new KernelContext(cfg, policies[0], mem, programs, streams, this);
        sim = k.sim;
        RunQueues rq = new RunQueues(k, policies);
        LoadBalancer balancer = new LoadBalancer(k, rq);
        table = new TaskTable(k);
        dispatch = new DispatchLoop(k, rq, balancer);
        migrations = new Migrations(k, dispatch, rq, balancer);
        realtime = new RealtimeJobs(k, dispatch);
        TaskStreams durations = new TaskStreams(streams, programs);
        PipesAndFiles files = new PipesAndFiles(k, dispatch);
        exit = new ExitAndWait(k, table, dispatch, realtime, files);
        ThreadGroups threads = new ThreadGroups(k, table, dispatch, exit);
        SignalSending sending = new SignalSending(k, table, dispatch, threads);
        delivery = new SignalDelivery(k, dispatch, sending, threads);
        ForkAndSpawn forks = new ForkAndSpawn(k, table, rq, dispatch, files, exit, durations);
        ProgramInterpreter interpreter = new ProgramInterpreter(k, dispatch, realtime, durations, forks, exit, threads, files, sending, delivery,
                migrations);
        arrivals = new ArrivalFeed(k, table, dispatch, interpreter);
        // the two calls up the graph, bound once: the dispatch loop runs programs; exit sends SIGCHLD
        dispatch.runProgramsWith(interpreter);
        exit.sendChildSignalsWith(sending);
        sim.setEndOfInstant(dispatch::settle);
    }

    /** Adds a workload process (a child of init) that arrives at {@code spec.at()}. */
    public Task addProcess(ProcessSpec spec) {
        return arrivals.addProcess(spec);
    }

    /** Room for {@code n} more arrivals, so that adding a large workload does not regrow the arrays. */
    public void reserveArrivals(int n) {
        arrivals.reserveArrivals(n);
    }

    /**
     * Adds a process like {@link #addProcess} (same identity, same order of events), but creates
     * its task only when it arrives: a workload of many processes arriving over time then holds
     * only the live ones, not one task object per process from the start.
     */
    public void addArrival(ProcessSpec spec) {
        arrivals.addArrival(spec);
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
        if (!arrivals.started()) arrivals.startArrivals();
        StopReason reason = sim.run(horizon, Long.MAX_VALUE, until);
        long now = sim.now();
        dispatch.closeSegments(now);
        k.metrics.endTime = now;
        List<TaskRecord> stuck = new ArrayList<>();
        for (int i = 0, n = table.slotsUsed(); i < n; i++) {
            Task t = table.slot(i);
            if (t == null || t == table.init || t.state == TaskState.NEW) continue;
            if (t.state == TaskState.READY) {
                t.readyWait += now - t.stateSince;
                t.stateSince = now;
            } else if (t.state == TaskState.BLOCKED || t.state == TaskState.STOPPED) {
                t.blocked += now - t.stateSince;
                t.stateSince = now;
            }
            if (t.rt != null) realtime.finishRealtime(t, now);
            TaskRecord r = TaskRecord.of(t);
            if (reason == StopReason.NO_EVENTS && t.state == TaskState.BLOCKED) stuck.add(r);
            table.record(t);
        }
        return new RunResult(reason, now, sim.eventsFired(), stuck);
    }

    /**
     * The CPUs' busy time (running a task, switches excluded) up to {@code t}, at an instant
     * {@code t} of the run (a warm-up cut): what is charged, plus each running task's time since its
     * segment started.
     */
    public long busyUntil(long t) {
        return dispatch.busyUntil(t);
    }

    public Simulation simulation() {
        return sim;
    }

    /**
     * Called after every dispatch round (the end of an instant at which something changed), when
     * the instant's decisions are final: for tracing and for invariant checks.
     */
    public void setDispatchObserver(Runnable observer) {
        dispatch.setDispatchObserver(observer);
    }

    /** Tasks in the run queue. */
    public int readyCount() {
        return dispatch.readyCount();
    }

    public KernelMetrics metrics() {
        return k.metrics;
    }

    public ScheduleLog scheduleLog() {
        return k.schedule;
    }

    public Task init() {
        return table.init;
    }

    public Cgroup workloadCgroup() {
        return table.workloadGroup;
    }

    public PidAllocator pids() {
        return table.pids;
    }

    public long now() {
        return sim.now();
    }

    /** Live and zombie tasks, init included (a snapshot, for tests and invariant checks). */
    public List<Task> tasks() {
        return table.tasks();
    }

    /** Tasks that exist (live or zombie), init included. */
    public long taskCount() {
        return table.taskCount();
    }

    public int zombieCount() {
        return table.zombieCount();
    }

    /** The task on a CPU, or null when it is idle. */
    public Task running(int cpu) {
        return dispatch.cpu(cpu).current;
    }

    public int cpuCount() {
        return dispatch.cpuCount();
    }

    /** Routes each kernel event ({@link KernelEvent}) to the subsystem that owns it. */
    @Override
    public void onEvent(int tag, int arg) {
        switch (tag) {
            case EV_ARRIVE -> arrivals.arrive(table.slot(arg));
            case EV_ARRIVE_LATER -> arrivals.arrive(arrivals.takePending(arg));
            case EV_ARRIVE_BATCH -> arrivals.arriveBatch();
            case EV_WORK -> dispatch.onWorkDone(dispatch.cpu(arg));
            case EV_QUANTUM -> dispatch.onQuantum(dispatch.cpu(arg));
            case EV_WAKE -> dispatch.onWakeTimer(table.slot(arg));
            case EV_SIGNAL -> delivery.onSignalEvent(dispatch.cpu(arg));
            case EV_SCHED_TIMER -> dispatch.onSchedTimer();
            case EV_JOB_MISS -> realtime.jobMissCheck(table.slot(arg));
            case EV_INIT_REAP -> exit.initReap(table.slot(arg));
            case EV_BALANCE -> migrations.onBalanceTick();
            default -> throw new IllegalStateException("unknown kernel event " + tag);
        }
    }
}
