package dev.procsim.kernel;

import java.util.Arrays;

/**
 * Wake-up preemption, the last step of an instant (Linux's {@code check_preempt_curr} /
 * {@code wakeup_preempt}): each task that became ready at this instant and is still waiting may
 * take a CPU from its running task when the policy says it should ({@link Scheduler#wakeupPreempts}).
 * With per-CPU queues only the task of the woken task's own CPU may be displaced; with one queue
 * the CPUs are tried in number order, the first whose task yields is taken, and a CPU the woken
 * task may not use (affinity) is passed over. It keeps the list of the instant's woken tasks.
 */
final class WakeupPreemption {
    private final DispatchLoop dispatch;
    private final RunQueues rq;
    private final Cpu[] cpus;
    private final IdleCpus idle;
    private Task[] woken = new Task[8];
    private int wokenCount;

    WakeupPreemption(DispatchLoop dispatch, RunQueues rq, Cpu[] cpus, IdleCpus idle) {
        this.dispatch = dispatch;
        this.rq = rq;
        this.cpus = cpus;
        this.idle = idle;
    }

    /** {@code t} became ready at this instant: it may preempt at the end of it. */
    void add(Task t) {
        if (wokenCount == woken.length) woken = Arrays.copyOf(woken, wokenCount * 2);
        woken[wokenCount++] = t;
    }

    /** Lets each woken task, in the order woken, preempt where the policy says; empties the list. */
    void apply(long now) {
        boolean displaced = false;
        for (int i = 0; i < wokenCount; i++) {
            Task w = woken[i];
            woken[i] = null;
            if (w.state != TaskState.READY) continue;
            if (rq.perCpu) { // only the task on the woken task's CPU may be displaced (check_preempt_curr on its run queue)
                Cpu c = cpus[w.rqCpu];
                if (c.current != null) {
                    dispatch.chargeRun(c);
                    if (rq.wakeupPreempts(w, c.current, now)) {
                        dispatch.preempt(c, false);
                        dispatch.dispatchNext(c, now);
                    }
                }
                continue;
            }
            for (Cpu c : cpus) {
                Task r = c.current;
                if (r == null || rq.confined() && !RunQueues.allowed(w, c.id)) continue; // (only a confined run asks: no loads otherwise)
                dispatch.chargeRun(c);
                if (rq.wakeupPreempts(w, r, now)) {
                    dispatch.preempt(c, false);
                    dispatch.dispatchNext(c, now);
                    displaced = true;
                    break;
                }
            }
        }
        wokenCount = 0;
        // One shared queue with confined tasks: a CPU left idle (nothing queued it may run) may run the displaced task.
        if (displaced && rq.confined()) for (int i = idle.next(0); i >= 0; i = idle.next(i + 1)) dispatch.dispatchNext(cpus[i], now);
    }
}
