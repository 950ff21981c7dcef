package dev.procsim.kernel;

import dev.procsim.engine.RandomStreams;
import dev.procsim.engine.Simulation;
import dev.procsim.engine.StopReason;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The simulated kernel (design.md sections 2 and 4): the front that owns a simulation, wires the
 * layers and routes events to them. Each concern is a file of its own, one layer on top of the
 * other (see {@code package-info.java}): {@link KernelState}, {@link TaskTable},
 * {@link DispatchLoop}, {@link RealtimeJobs}, {@link ProgramInterpreter}, {@link ForkAndSpawn},
 * {@link ExitAndWait}. Schedulers ({@link Scheduler}) and the memory model ({@link MemoryModel})
 * plug in through their hooks; the kernel never asks which one it has.
 */
public final class Kernel extends SignalDelivery {
    public Kernel(KernelConfig cfg, Scheduler sched, MemoryModel mem, ProgramSet programs, RandomStreams streams) {
        super(cfg, sched, mem, programs, streams);
        assignSlot(init);
        nrTasks = 1;
        metrics.pidsInUse.record(0, pids.inUse());
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
            } else if (t.state == TaskState.BLOCKED || t.state == TaskState.STOPPED) {
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
                t.wakeAt = -1;
                wake(t);
            }
            case EV_SIGNAL -> onSignalEvent(cpus[arg]);
            case EV_SCHED_TIMER -> {
                schedTimerEvent = -1;
                schedTimerAt = dev.procsim.engine.SimTime.NEVER;
                sched.timer(sim.now(), this::noteWoken); // tasks that can run again, as woken ones (they may preempt)
                requestSettle();
            }
            case EV_JOB_MISS -> jobMissCheck(slots[arg]);
            case EV_INIT_REAP -> {
                Task t = slots[arg];
                if (t != null && t.state == TaskState.ZOMBIE && t.parent == init) reap(init, t);
            }
            default -> throw new IllegalStateException("unknown kernel event " + tag);
        }
    }
}
