package dev.procsim.kernel;

import static dev.procsim.kernel.KernelEvent.EV_JOB_MISS;
import static dev.procsim.kernel.KernelEvent.EV_WAKE;
import static dev.procsim.kernel.Phase.PHASE_JOB;
import static dev.procsim.kernel.Phase.PHASE_NONE;

import dev.procsim.engine.Simulation;

/**
 * Periodic real-time jobs (the bookkeeping Linux's deadline class keeps per task): release,
 * completion, the miss check at the deadline and what the scheduler's miss policy does then
 * (continue, abort at the deadline, drop when infeasible), and the count of missed jobs at the
 * end; and SCHED_DEADLINE's admission control, which owns the admitted bandwidth.
 */
final class RealtimeJobs {
    private final KernelContext k;
    private final KernelConfig cfg;
    private final dev.procsim.engine.EventHandler events;
    private final KernelMetrics metrics;
    private final Scheduler.OnMiss onMiss;
    private final ScheduleLog schedule;
    private final Simulation sim;
    private final DispatchLoop dispatch;
    /** Admitted SCHED_DEADLINE bandwidth (units of 2^-20 CPU). */
    private long dlBandwidth;

    RealtimeJobs(KernelContext k, DispatchLoop dispatch) {
        this.k = k;
        this.cfg = k.cfg;
        this.events = k.events;
        this.metrics = k.metrics;
        this.onMiss = k.onMiss;
        this.schedule = k.schedule;
        this.sim = k.sim;
        this.dispatch = dispatch;
    }

    /** The task's job state for this periodic action, or null when its jobs are all done. */
    static RealtimeStats realtimeOf(Task t, Action.Periodic spec) {
        if (t.rt == null || t.rt.spec != spec) t.rt = new RealtimeStats(spec);
        return spec.jobs() >= 0 && t.rt.jobIndex >= spec.jobs() ? null : t.rt;
    }

    static long nextRelease(Task t, RealtimeStats rt) {
        return t.arrival + rt.spec.offset() + rt.jobIndex * rt.period;
    }

    /** Releases job {@code rt.jobIndex}: its work and deadline; arms the on-miss timer. */
    void startJob(Task t, RealtimeStats rt, long release) {
        rt.release = release;
        rt.deadline = release + rt.spec.deadline();
        t.jobDeadline = rt.deadline;
        rt.active = true;
        rt.released++;
        t.work = rt.spec.wcet();
        t.demand += t.work;
        t.phase = PHASE_JOB;
        if (onMiss == Scheduler.OnMiss.ABORT_AT_DEADLINE) {
            rt.missEvent = sim.scheduleAt(Math.max(sim.now(), rt.deadline), events, EV_JOB_MISS, t.slot);
        }
    }

    /** drop-when-infeasible: while a job waits, check it just after its laxity reaches zero. */
    void armDropCheck(Task t) {
        RealtimeStats rt = t.rt;
        if (rt == null || !rt.active || onMiss != Scheduler.OnMiss.DROP_WHEN_INFEASIBLE) return;
        sim.cancel(rt.missEvent);
        long at = rt.deadline - t.work + 1;
        rt.missEvent = sim.scheduleAt(Math.max(sim.now(), at), events, EV_JOB_MISS, t.slot);
    }

    void completeJob(Task t) {
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

    /** EV_JOB_MISS: the job's deadline (abort) or zero laxity (drop) has come. */
    void jobMissCheck(Task t) {
        if (t == null || t.rt == null) return;
        RealtimeStats rt = t.rt;
        rt.missEvent = -1;
        if (!rt.active) return;
        long now = sim.now();
        if (onMiss == Scheduler.OnMiss.ABORT_AT_DEADLINE && now >= rt.deadline) {
            if (t.state == TaskState.RUNNING) {
                // A job whose response equals its deadline meets it: if its work ends at this very
                // instant, its completion (an event of this instant too) comes first.
                Cpu c = dispatch.cpu(t.cpu);
                dispatch.chargeRun(c);
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
            Cpu c = dispatch.cpu(t.cpu);
            dispatch.chargeRun(c);
            dispatch.cancelWork(c);
            t.work = 0;
            dispatch.runProgram(c, t);
        } else if (t.state == TaskState.READY) {
            dispatch.leaveRunQueue(t, now);
            t.stateSince = now;
            t.work = 0;
            RealtimeStats next = realtimeOf(t, rt.spec);
            long release = next == null ? now : nextRelease(t, next);
            if (release <= now) {
                dispatch.enqueue(t, Scheduler.EnqueueReason.WAKEUP, now);
                dispatch.noteWoken(t);
            } else {
                t.state = TaskState.BLOCKED;
                t.blockReason = BlockReason.SLEEP;
                t.wakeEvent = sim.scheduleAt(release, events, EV_WAKE, t.slot);
            }
        }
    }

    /** At the end of a run: the job in progress and the backlog of released jobs, missed if their deadline has passed. */
    void finishRealtime(Task t, long end) {
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

    /**
     * SCHED_DEADLINE admission control (as __dl_overflow): the admitted bandwidth, this task's
     * included, must stay within 95% of the CPUs (sched_rt_runtime_us / sched_rt_period_us);
     * refused, the task keeps its old policy and the action's result is EBUSY.
     */
    boolean admitDeadline(Task t, DeadlineParams p) {
        long old = t.dl() == null ? 0 : t.dl().bandwidth();
        long limit = (long) cfg.cpus * ((950_000L << 20) / 1_000_000L);
        if (dlBandwidth - old + p.bandwidth() > limit) {
            metrics.dlRefused++;
            t.lastResult = -Signals.EBUSY;
            return false;
        }
        dlBandwidth += p.bandwidth() - old;
        t.ext().dl = p;
        metrics.dlAdmitted++;
        t.lastResult = 0;
        return true;
    }

    /** An exiting task's SCHED_DEADLINE bandwidth is free again. */
    void releaseBandwidth(Task t) {
        if (t.dl() != null) {
            dlBandwidth -= t.dl().bandwidth();
            if (t.ext != null) t.ext.dl = null;
        }
    }
}
