package dev.procsim.kernel;

import dev.procsim.engine.RandomStreams;
import dev.procsim.engine.SimTime;

/**
 * Periodic real-time jobs (the bookkeeping Linux's deadline class keeps per task): release,
 * completion, the miss check at the deadline and what the scheduler's miss policy does then
 * (continue, abort at the deadline, drop when infeasible), and the count of missed jobs at the end.
 */
abstract class RealtimeJobs extends DispatchLoop {
    RealtimeJobs(KernelConfig cfg, Scheduler sched, MemoryModel mem, ProgramSet programs, RandomStreams streams) {
        super(cfg, sched, mem, programs, streams);
    }

    /** The task's job state for this periodic action, or null when its jobs are all done. */
    RealtimeStats realtimeOf(Task t, Action.Periodic spec) {
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
            rt.missEvent = sim.scheduleAt(Math.max(sim.now(), rt.deadline), this, EV_JOB_MISS, t.slot);
        }
    }

    /** drop-when-infeasible: while a job waits, check it just after its laxity reaches zero. */
    void armDropCheck(Task t) {
        RealtimeStats rt = t.rt;
        if (rt == null || !rt.active || onMiss != Scheduler.OnMiss.DROP_WHEN_INFEASIBLE) return;
        sim.cancel(rt.missEvent);
        long at = rt.deadline - t.work + 1;
        rt.missEvent = sim.scheduleAt(Math.max(sim.now(), at), this, EV_JOB_MISS, t.slot);
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
    void stopJob(Task t) {
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

    /** The release of a new task's first periodic job if it starts with one released after now, else NEVER. */
    long firstReleaseLater(Task t, long now) {
        if (t.work == 0 && t.phase == PHASE_NONE && t.pendingExec == null) preloadBurst(t);
        Program p = t.program;
        if (t.work != 0 || t.pc >= p.op.length || p.op[t.pc] != Program.PERIODIC || t.rt == null || t.rt.active) return SimTime.NEVER;
        long release = nextRelease(t, t.rt);
        return release > now ? release : SimTime.NEVER;
    }
}
