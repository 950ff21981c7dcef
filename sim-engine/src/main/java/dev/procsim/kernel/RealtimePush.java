package dev.procsim.kernel;

import java.util.Arrays;

/**
 * Real-time policies on per-CPU queues ({@link Scheduler#pushPull}), the push half of Linux's
 * {@code push_rt_task} / {@code push_dl_task}: each task queued at an instant that is still
 * waiting at its end goes to an idle CPU it may use, or takes the CPU of the lowest-ranked
 * running task it outranks; a task it displaces is queued and tried in turn (each push displaces
 * a strictly lower-ranked task, so this ends). The pull half is {@link RunQueues#pullOutranking}.
 * A part of the dispatch loop, which owns the CPUs and calls it at the end of each instant.
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
            int d = rq.pushTarget(w, now);
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
}
