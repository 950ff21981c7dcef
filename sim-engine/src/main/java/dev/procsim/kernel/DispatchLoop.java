package dev.procsim.kernel;

import static dev.procsim.kernel.KernelEvent.EV_QUANTUM;
import static dev.procsim.kernel.KernelEvent.EV_SCHED_TIMER;
import static dev.procsim.kernel.KernelEvent.EV_SIGNAL;
import static dev.procsim.kernel.KernelEvent.EV_WAKE;
import static dev.procsim.kernel.KernelEvent.EV_WORK;
import static dev.procsim.kernel.Phase.PHASE_NONE;

import dev.procsim.engine.SimTime;
import java.util.Arrays;

/**
 * The dispatch loop over N CPUs (as Linux's {@code kernel/sched/core.c}): at the end of each
 * instant, requeue expired tasks, fill idle CPUs, then let woken tasks preempt
 * ({@link WakeupPreemption}); dispatch with
 * context-switch cost, charge run time, quantum expiry, preemption, block and wake, and the CPU
 * time of kernel work. It owns the CPUs; the scheduler is reached only through its hooks
 * ({@link Scheduler}), and a task's program through {@link ProgramRunner}.
 *
 * <p>Its rules (decisions at the end of an instant, expired tasks behind that instant's arrivals,
 * idle CPUs first and lowest first, then wake-up preemption, what a context switch is and costs,
 * kernel work as the task's CPU time) are the README's "Dispatch"; with per-CPU queues a woken
 * task may preempt only the task of its own CPU, and the real-time policies push
 * ({@link RealtimePush}).
 */
final class DispatchLoop {
    private final KernelContext k;
    private final KernelConfig cfg;
    private final boolean cooperative;
    private final dev.procsim.engine.EventHandler events;
    private final KernelMetrics metrics;
    private final ScheduleLog schedule;
    private final dev.procsim.engine.Simulation sim;
    private final RunQueues rq;
    private final LoadBalancer balancer;
    private final Topology topology;
    private final long[] migrationCost;
    private final long sliceTick;
    private final Cpu[] cpus;
    /** The CPUs with no task: settle fills these, lowest first, without looking at the busy ones. */
    private final IdleCpus idle;
    /** The program interpreter (above this loop), bound once by the kernel. */
    private ProgramRunner runner;

    private Task[] expired = new Task[8];
    private int expiredCount;
    /** Real-time policies on per-CPU queues: tasks queued this instant are pushed where they outrank the running task. */
    private final RealtimePush push;
    /** The instant's woken tasks and the preemption they may make at its end. */
    private final WakeupPreemption preemption;
    private boolean settleRequested;
    private long schedTimerEvent = -1, schedTimerAt = SimTime.NEVER;
    private Runnable dispatchObserver;

    DispatchLoop(KernelContext k, RunQueues rq, LoadBalancer balancer) {
        this.k = k;
        this.cfg = k.cfg;
        this.cooperative = k.cooperative;
        this.events = k.events;
        this.metrics = k.metrics;
        this.schedule = k.schedule;
        this.sim = k.sim;
        this.rq = rq;
        this.balancer = balancer;
        this.push = new RealtimePush(this, rq);
        this.topology = k.cfg.topology();
        this.migrationCost = k.cfg.migrationCost;
        this.sliceTick = k.cfg.sliceTick;
        cpus = new Cpu[cfg.cpus];
        idle = new IdleCpus(cfg.cpus);
        for (int i = 0; i < cpus.length; i++) cpus[i] = new Cpu(i);
        preemption = new WakeupPreemption(this, rq, cpus, idle);
    }

    void runProgramsWith(ProgramRunner runner) {
        this.runner = runner;
    }

    void setDispatchObserver(Runnable observer) {
        this.dispatchObserver = observer;
    }

    /** Tasks in the run queues. */
    int readyCount() {
        return rq.readyCount();
    }

    Cpu cpu(int id) {
        return cpus[id];
    }

    int cpuCount() {
        return cpus.length;
    }

    /** Runs the program of the task on {@code c} (it has no work in hand). */
    void runProgram(Cpu c, Task t) {
        runner.runProgram(c, t);
    }

    void requestSettle() {
        if (!settleRequested) {
            settleRequested = true;
            sim.requestEndOfInstant();
        }
    }

    /** End of an instant: requeue expired tasks, fill idle CPUs, then apply wakeup preemption. */
    void settle() {
        settleRequested = false;
        long now = sim.now();
        for (int i = 0; i < expiredCount; i++) {
            Task t = expired[i];
            expired[i] = null;
            if (t != null && t.state == TaskState.READY) enqueue(t, Scheduler.EnqueueReason.PREEMPTED, now);
        }
        expiredCount = 0;
        // the idle CPUs, lowest first, read live (a CPU left idle by what a dispatch ran is still visited if it comes later)
        // (only those that may pick something: a shared queue with a task ready, or a per-CPU queue with one queued or newly idle)
        for (int i = rq.nextToFill(idle, 0); i >= 0; i = rq.nextToFill(idle, i + 1)) {
            dispatchNext(cpus[i], now);
            rq.filled(i);
        }
        preemption.apply(now);
        if (push.pending()) push.push(now);
        long timer = rq.nextTimer();
        if (timer != schedTimerAt) { // the policy's own timer (a replenishment), re-armed when it moves
            if (schedTimerEvent >= 0) sim.cancel(schedTimerEvent);
            schedTimerEvent = timer == SimTime.NEVER ? -1 : sim.scheduleAt(Math.max(timer, now), events, EV_SCHED_TIMER, 0);
            schedTimerAt = timer;
        }
        metrics.readyQueue.record(now, rq.readyCount());
        if (rq.perCpu && cpus.length > 1) metrics.loadImbalance.record(now, rq.imbalance());
        if (dispatchObserver != null) dispatchObserver.run();
    }

    void dispatchNext(Cpu c, long now) {
        while (c.current == null) {
            if (rq.pushPull && push.pull(c.id, now)) metrics.newidlePulls++; // real time: the highest-ranked task comes here
            Task t = rq.pickNext(c.id, now);
            // newidle balancing: a CPU its task just left pulls a queued task before it idles
            if (t == null && rq.takeNewlyIdle(c.id) && balancer.pullNewlyIdle(c.id, now)) t = rq.pickNext(c.id, now);
            if (t == null) return;
            dispatch(c, t, now);
        }
    }

    private void dispatch(Cpu c, Task t, long now) {
        // A preempted task that is picked again at once was not switched out (as Linux's nivcsw).
        if (c.preempted != null && c.preempted != t) c.preempted.involuntarySwitches++;
        c.preempted = null;
        // Only the CPU it was preempted on can hold it there, and that is still t.cpu (set only below): no scan of every CPU.
        int last = t.cpu;
        if (last >= 0 && last != c.id && cpus[last].preempted == t) {
            t.involuntarySwitches++; // it moved to another CPU
            cpus[last].preempted = null;
        }
        t.state = TaskState.RUNNING;
        t.readyWait += now - t.stateSince;
        t.stateSince = now;
        if (t.cpu >= 0 && t.cpu != c.id) migrated(t, t.cpu, c.id);
        t.cpu = c.id;
        long cs = 0;
        if (c.lastRan != null && c.lastRan != t) {
            metrics.contextSwitches++;
            cs = cfg.contextSwitch;
            metrics.cpuSwitching[c.id] += cs;
        }
        c.current = t;
        idle.busy(c.id);
        c.lastRan = t;
        c.segStart = now + cs;
        c.runStart = c.segStart;
        if (t.firstRun < 0) t.firstRun = c.segStart;
        t.needResched = false;
        long slice = rq.timeSlice(t, c.id, now);
        if (slice != SimTime.NEVER) {
            long end = c.segStart + Math.max(slice, 0);
            if (sliceTick > 0 && end % sliceTick != 0 && end < SimTime.NEVER - sliceTick) end = (end / sliceTick + 1) * sliceTick; // noticed at the next tick
            c.quantumEvent = sim.scheduleAt(end, events, EV_QUANTUM, c.id);
        }
        if (t.work > 0 || cs > 0) {
            startWork(c, t);
            // a signal waiting for this task, taken off the CPU in user mode: delivered as it returns
            if (t.work > 0 && !t.inKernel && signalPending(t)) sim.scheduleAt(now, events, EV_SIGNAL, c.id);
        } else {
            runner.runProgram(c, t);
        }
    }

    /** Whether a signal is pending for the task's process that the task does not block. */
    static boolean signalPending(Task t) {
        return t.sig() != null && (t.sig().pending & ~t.sigBlocked()) != 0;
    }

    /** {@link Kernel#busyUntil}: charged busy time plus the running tasks' time since their segments started. */
    long busyUntil(long t) {
        long b = 0;
        for (Cpu c : cpus) {
            b += metrics.cpuBusy[c.id];
            if (c.current != null && t > c.segStart) b += t - c.segStart;
        }
        return b;
    }

    /** Charges the running task for the time since its segment started. */
    void chargeRun(Cpu c) {
        long now = sim.now();
        if (now > c.segStart) {
            Task t = c.current;
            long ran = now - c.segStart;
            t.cpuTime += ran;
            t.work -= ran;
            metrics.cpuBusy[c.id] += ran;
            c.segStart = now;
            rq.accountRun(t, ran, now);
        }
    }

    void startWork(Cpu c, Task t) {
        long start = Math.max(sim.now(), c.segStart);
        // Saturate: work that would end past the end of simulated time ends just before it.
        long end = t.work >= SimTime.NEVER - 1 - start ? SimTime.NEVER - 1 : start + t.work;
        c.workEvent = sim.scheduleAt(end, events, EV_WORK, c.id);
        c.workEnd = end;
    }

    /** The work item in progress on {@code c} will not end as planned (a signal, an aborted job): its end event goes. */
    void cancelWork(Cpu c) {
        sim.cancel(c.workEvent);
        c.workEvent = -1;
    }

    /**
     * Starts kernel work of {@code cost} ns on the task's CPU, to be followed by {@code phase}.
     * Returns true if the task now has work to do (the caller must return), false if the cost was
     * zero and the phase can complete at once.
     */
    boolean kernelWork(Cpu c, Task t, long cost, byte phase, int phaseArg) {
        t.phase = phase;
        t.phaseArg = phaseArg;
        if (cost > 0) {
            t.inKernel = true;
            t.work = cost;
            t.demand += cost;
            startWork(c, t);
            return true;
        }
        return false;
    }

    /** Takes the task off its CPU (charging it first) and cancels the CPU's timers. */
    void releaseCpu(Cpu c, boolean stillRunnable) {
        chargeRun(c);
        rq.putPrev(c.current, stillRunnable, sim.now());
        sim.cancel(c.workEvent);
        sim.cancel(c.quantumEvent);
        c.workEvent = -1;
        c.quantumEvent = -1;
        long now = sim.now();
        schedule.add(c.id, c.current, c.runStart, Math.max(now, c.runStart));
        c.current = null;
        idle.idle(c.id);
        requestSettle();
    }

    void preempt(Cpu c, boolean deferRequeue) {
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

    /** The running task gives the CPU up and goes back to the run queue with {@code reason} (a yield, a new policy, a new job). */
    void requeue(Cpu c, Task t, Scheduler.EnqueueReason reason) {
        long now = sim.now();
        releaseCpu(c, true);
        t.state = TaskState.READY;
        t.stateSince = now;
        enqueue(t, reason, now);
    }

    void block(Cpu c, Task t, BlockReason reason, long wakeAt) {
        releaseCpu(c, false);
        t.wakeAt = reason == BlockReason.SLEEP ? wakeAt : -1; // a sleep stopped and continued resumes until then (a handler ends it with EINTR)
        t.state = TaskState.BLOCKED;
        t.blockReason = reason;
        t.stateSince = sim.now();
        t.voluntarySwitches++;
        if (wakeAt != SimTime.NEVER) t.wakeEvent = sim.scheduleAt(wakeAt, events, EV_WAKE, t.slot);
    }

    /**
     * The task whose program is running now (Linux's {@code current} in a wake-up), or null in a
     * timer or the kernel's own events: the interpreter sets it around each program step.
     */
    Task acting;

    /** Wakes a blocked task (for wake-affine, {@code acting} is the waker; none from a timer). */
    void wake(Task t) {
        wake(t, false);
    }

    /** As above; {@code sync}: the waker is about to sleep (a pipe write, an exit waking the parent in wait: WF_SYNC). */
    void wake(Task t, boolean sync) {
        long now = sim.now();
        BlockReason why = t.blockReason;
        t.blocked += now - t.stateSince;
        if (t.stopOnWake()) { // its process was stopped meanwhile: it stops now instead of running
            if (t.ext != null) t.ext.stopOnWake = false;
            t.state = TaskState.STOPPED;
            t.blockReason = BlockReason.NONE;
            t.stateSince = now;
            return;
        }
        t.state = TaskState.READY;
        t.blockReason = BlockReason.NONE;
        t.stateSince = now;
        schedule.wake(now, t.pid, acting == null ? 0 : acting.pid, acting == null ? Math.max(0, t.cpu) : Math.max(0, acting.cpu), why);
        // a task that slept from its arrival (a periodic task with an offset) is new to the policy
        boolean firstTime = t.firstRun < 0 && t.voluntarySwitches == 0;
        Task waker = acting;
        if (firstTime || waker == null || waker == t || !rq.perCpu) enqueue(t, firstTime ? Scheduler.EnqueueReason.NEW : Scheduler.EnqueueReason.WAKEUP, now);
        else enqueue(t, Scheduler.EnqueueReason.WAKEUP, now, rq.placeWoken(t, waker, sync, now));
        noteWoken(t);
    }

    /**
     * Queues a ready task. If it has no work in hand and its next action is a computation, the
     * burst is drawn now (see {@link ProgramRunner#preloadBurst}), so that policies that look at
     * the next CPU burst (SJF, SRTF) see it; the task draws the same numbers in the same order
     * either way.
     */
    void enqueue(Task t, Scheduler.EnqueueReason reason, long now) {
        enqueue(t, reason, now, -1);
    }

    /** As above, on {@code cpu} if it is not negative (a placement already made), else where {@link RunQueues#place} says. */
    private void enqueue(Task t, Scheduler.EnqueueReason reason, long now, int placed) {
        // (not for a sleeper a signal woke early: it has to go back to sleep before its next action)
        if (t.work == 0 && t.phase == PHASE_NONE && t.pendingExec == null && t.wakeAt < 0) runner.preloadBurst(t);
        if (t.rt != null) runner.jobQueued(t);
        int cpu = placed >= 0 ? placed : rq.place(t, reason);
        if ((reason == Scheduler.EnqueueReason.NEW || reason == Scheduler.EnqueueReason.WAKEUP) && rq.chargeRunningBeforeEnqueue()) {
            if (rq.perCpu) { // update_curr of the run queue it joins, before place_entity
                if (cpus[cpu].current != null) chargeRun(cpus[cpu]);
            } else {
                for (Cpu c : cpus) if (c.current != null) chargeRun(c);
            }
        }
        rq.enqueue(t, reason, cpu, now);
        balancer.queued(now);
        if (rq.pushPull) push.queued(t);
    }

    /** Takes a READY task out of the run queue (or the list of tasks waiting to be requeued). */
    void leaveRunQueue(Task t, long now) {
        boolean pending = false;
        for (int i = 0; i < expiredCount; i++) {
            if (expired[i] == t) {
                expired[i] = null;
                pending = true;
            }
        }
        if (!pending) rq.dequeue(t, now);
        t.readyWait += now - t.stateSince;
    }

    /** {@code t} became ready: it may preempt at the end of the instant ({@link WakeupPreemption}). */
    void noteWoken(Task t) {
        preemption.add(t);
        requestSettle();
    }

    /** EV_WORK: the work item on {@code c} is done; the task's program goes on. */
    void onWorkDone(Cpu c) {
        c.workEvent = -1;
        chargeRun(c);
        runner.runProgram(c, c.current);
    }

    /** EV_QUANTUM: the task on {@code c} used its time slice. */
    void onQuantum(Cpu c) {
        c.quantumEvent = -1;
        if (c.workEvent >= 0 && c.workEnd == sim.now()) {
            // The burst ends at this very instant: the task finishes it and goes on to its
            // next action (an exit or a block leaves the CPU at once, as in the textbooks);
            // only if it still wants the CPU is it preempted.
            Task t = c.current;
            sim.cancel(c.workEvent);
            c.workEvent = -1;
            chargeRun(c);
            runner.runProgram(c, t);
            if (c.current != t) return;
        }
        if (cooperative) {
            c.current.needResched = true;
        } else {
            preempt(c, !cfg.requeuePreemptedFirst);
        }
    }

    /** EV_WAKE: a timed block of {@code t} ended. */
    void onWakeTimer(Task t) {
        t.wakeEvent = -1;
        t.wakeAt = -1;
        wake(t);
    }

    /** EV_SCHED_TIMER: the policy's own timer; the tasks it lets run again count as woken (they may preempt). */
    void onSchedTimer() {
        schedTimerEvent = -1;
        schedTimerAt = SimTime.NEVER;
        rq.timer(sim.now(), this::noteWoken);
        requestSettle();
    }

    /**
     * {@code t} starts on CPU {@code to} having last run on {@code from}: a migration, counted by
     * how far it moved; its cache refill ({@code kernel.migration_cost}) is CPU time it spends
     * before its work goes on.
     */
    private void migrated(Task t, int from, int to) {
        t.migrations++;
        int level = topology.level(from, to);
        metrics.migrations[level]++;
        long cost = migrationCost[level];
        if (cost > 0) {
            t.work += cost;
            t.demand += cost;
            metrics.migrationRefill += cost;
        }
    }

    /** At the end of a run: each running task is charged to now and its Gantt segment closed. */
    void closeSegments(long now) {
        if (rq.perCpu && cpus.length > 1) rq.closeRunnable(now); // the run-queue lengths up to the end
        for (Cpu c : cpus) {
            if (c.current != null) {
                chargeRun(c);
                schedule.add(c.id, c.current, c.runStart, now);
                c.runStart = now;
            }
        }
    }
}
