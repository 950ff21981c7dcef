package dev.procsim.kernel;

import java.util.Arrays;

/**
 * Real-time policies on per-CPU queues ({@link Scheduler#pushPull}), the push half of Linux's
 * {@code push_rt_task} / {@code push_dl_task}: each task queued at an instant that is still
 * waiting at its end goes to an idle CPU it may use, or takes the CPU of the lowest-ranked
 * running task it outranks; a task it displaces is queued and tried in turn (each push displaces
 * a strictly lower-ranked task, so this ends). And the pull half ({@link #pull}): a CPU about to
 * pick takes the highest-ranked task queued elsewhere if it outranks its own. A part of the
 * dispatch loop, which owns the CPUs and calls it at the end of each instant and before a pick.
 */
final class RealtimePush {
    private final DispatchLoop dispatch;
    private final RunQueues rq;
    private Task[] pushable = new Task[8];
    private int count;

    RealtimePush(DispatchLoop dispatch, RunQueues rq) {
        this.dispatch = dispatch;
        this.rq = rq;
    }

    /** {@code t} was queued this instant: it may be pushed at its end. */
    void queued(Task t) {
        if (count == pushable.length) pushable = Arrays.copyOf(pushable, count * 2);
        pushable[count++] = t;
        dispatch.requestSettle();
    }

    boolean pending() {
        return count > 0;
    }

    /** At the end of the instant, after the local wake-up preemption checks. */
    void push(long now) {
        for (int i = 0; i < count; i++) { // a push that displaces a task queues it: count grows while this runs
            Task w = pushable[i];
            pushable[i] = null;
            if (w.state != TaskState.READY || !rq.isQueued(w)) continue;
            int d = target(w, now);
            if (d < 0) continue;
            rq.migrate(w, w.rqCpu, d, now);
            Cpu dc = dispatch.cpu(d);
            if (dc.current == null) {
                dispatch.dispatchNext(dc, now);
            } else {
                dispatch.chargeRun(dc);
                if (rq.wakeupPreempts(w, dc.current, now)) {
                    dispatch.preempt(dc, false);
                    dispatch.dispatchNext(dc, now);
                }
            }
        }
        count = 0;
    }

    /**
     * push_rt_task / push_dl_task: where queued task {@code w}, which could not take its own CPU,
     * should go: the nearest idle CPU it may use, else, among the CPUs whose running task it
     * outranks ({@link Scheduler#wakeupPreempts}), the one running the lowest-ranked task (the
     * latest deadline: find_later_rq); -1 if none.
     */
    private int target(Task w, long now) {
        int n = rq.cpuCount(), from = w.rqCpu, best = -1, bestLevel = Integer.MAX_VALUE;
        Topology topo = rq.topology();
        for (int d = 0; d < n; d++) {
            if (d == from || !RunQueues.allowed(w, d) || !rq.idle(d)) continue;
            int lv = topo.level(from, d);
            if (lv < bestLevel) {
                best = d;
                bestLevel = lv;
            }
        }
        if (best >= 0) return best;
        for (int d = 0; d < n; d++) {
            Task running = rq.current(d);
            if (d == from || !RunQueues.allowed(w, d) || running == null || !rq.policy(d).wakeupPreempts(w, running, now)) continue;
            if (best < 0 || rq.policy(d).wakeupPreempts(rq.current(best), running, now)) best = d; // d runs a task ranked below best's
        }
        return best;
    }

    /**
     * pull_rt_task / pull_dl_task, before {@code cpu} picks: the highest-ranked task queued on
     * another CPU, moved here if it outranks what {@code cpu} would pick (or {@code cpu} has
     * nothing); true if one moved. Only when the policy can say what it would pick.
     */
    boolean pull(int cpu, long now) {
        Task x = bestQueuedFor(cpu, now);
        if (x == null) return false;
        Scheduler own = rq.policy(cpu);
        Task local = rq.queuedOn(cpu) == 0 ? null : own.peekNext(cpu, now);
        if (rq.queuedOn(cpu) > 0 && (local == null || !own.wakeupPreempts(x, local, now))) return false;
        rq.migrate(x, x.rqCpu, cpu, now);
        return true;
    }

    /** The highest-ranked task queued on another CPU that may run on {@code cpu}, or null. */
    private Task bestQueuedFor(int cpu, long now) {
        Task best = null;
        Scheduler own = rq.policy(cpu);
        for (int c = 0, n = rq.cpuCount(); c < n; c++) {
            if (c == cpu) continue;
            for (Task t = rq.oldestQueued(c); t != null; t = RunQueues.nextQueued(t)) {
                if (RunQueues.allowed(t, cpu) && (best == null || own.wakeupPreempts(t, best, now))) best = t;
            }
        }
        return best;
    }
}
