package dev.procsim.sched;

import dev.procsim.engine.SimTime;
import dev.procsim.kernel.DeadlineParams;
import dev.procsim.kernel.Scheduler;
import dev.procsim.kernel.Task;
import java.util.function.Consumer;

/**
 * Linux's SCHED_DEADLINE (kernel/sched/deadline.c): global EDF among constant-bandwidth servers,
 * one per task that asked for (runtime Q, deadline D, period P) with {@code sched_deadline} and was
 * admitted (admission control is the kernel's: the admitted bandwidth stays within 95% of the
 * CPUs). Tasks without parameters run in the background, first come first served, when no server
 * can run (as SCHED_NORMAL under SCHED_DEADLINE).
 *
 * <ul>
 *   <li>Each server has a remaining runtime q and an absolute scheduling deadline d. The ready
 *       server with the earliest d runs (equal: the one queued first); a server made ready with an
 *       earlier d than a running one preempts it, as does any server a background task.</li>
 *   <li>Running uses up q; when q reaches 0 the server is throttled until its next period starts,
 *       {@code d - D + P}, then replenished: {@code q += Q, d += P} until q > 0 (the deadline is
 *       postponed: replenish_dl_entity). A task that overruns its declared runtime therefore gets
 *       Q every P and cannot take time from the others (the CBS isolation property).</li>
 *   <li>Starting a server: {@code d = now + D}, {@code q = Q}. Waking a task with an implicit
 *       deadline (D = P): if d has passed, or the rest of its budget would exceed its bandwidth
 *       until d ({@code q D > (d - now) Q}: dl_entity_overflow), it gets a new deadline
 *       {@code now + D} and a full budget {@code Q}; otherwise it keeps (q, d) (the CBS wake-up
 *       rule).</li>
 *   <li>Waking a constrained task (D &lt; P), as Linux 4.11 ("Throttle a constrained deadline
 *       task activated after the deadline") and 4.13 (3effcb4247e7, the revised wake-up rule):
 *       after d but before its next period {@code d - D + P}, it is throttled until that period
 *       (dl_check_constrained_dl: q = min(q, 0), then replenished as above); at or before d with
 *       {@code q D > (d - now) Q}, it keeps d and its budget is cut to what its density allows,
 *       {@code q = (Q / D) (d - now)} with Q / D in Linux's 2^-20 units
 *       (update_dl_revised_wakeup); at or after its next period, a new deadline and a full
 *       budget.</li>
 *   <li>A yield gives up the rest of the budget until the next period (as sched_yield for
 *       SCHED_DEADLINE).</li>
 * </ul>
 * Task fields: {@code schedKey} (heap key: d when ready, the replenishment time when throttled),
 * {@code schedKey2} (q), {@code schedKey3} (d), {@code schedKey4} (1 once the server has
 * started), {@code schedLevel} (1 ready server, 2 throttled, 3 background).
 */
public final class SchedDeadlineScheduler implements Scheduler {
    /** Linux's BW_SHIFT: bandwidths and densities in units of 2^-20. */
    static final int BW_SHIFT = 20;
    private final TaskHeap ready = new TaskHeap();
    private final TaskHeap throttled = new TaskHeap();
    private final TaskQueue background = new TaskQueue();

    /** Real-time: over per-CPU queues, tasks are pushed and pulled so that the highest-ranked run (rt.c, deadline.c). */
    @Override
    public boolean pushPull() {
        return true;
    }

    @Override
    public String name() {
        return "sched-deadline";
    }

    @Override
    public void enqueue(Task t, EnqueueReason reason, long now) {
        DeadlineParams p = t.deadlineParams();
        if (p == null) {
            background.addLast(t);
            t.schedLevel = 3;
            return;
        }
        if (t.schedKey4 == 0) { // setup_new_dl_entity
            t.schedKey3 = now + p.deadline();
            t.schedKey2 = p.runtime();
            t.schedKey4 = 1;
        } else if (reason == EnqueueReason.NEW || reason == EnqueueReason.WAKEUP) {
            wakeUp(t, p, now);
        } else if (reason == EnqueueReason.YIELDED) {
            t.schedKey2 = 0;
        }
        if (t.schedKey2 <= 0) {
            t.schedKey = t.schedKey3 - p.deadline() + p.period(); // the next period's start
            throttled.add(t);
            t.schedLevel = 2;
        } else {
            t.schedKey = t.schedKey3;
            ready.add(t);
            t.schedLevel = 1;
        }
    }

    /** The wake-up rules of enqueue_task_dl: dl_check_constrained_dl, then update_dl_entity. */
    private static void wakeUp(Task t, DeadlineParams p, long now) {
        long q = t.schedKey2, d = t.schedKey3;
        if (p.deadline() == p.period()) { // implicit deadline: the original CBS
            if (d <= now || overflow(q, d, p, now)) {
                t.schedKey3 = now + p.deadline();
                t.schedKey2 = p.runtime();
            }
        } else if (d < now && now < d - p.deadline() + p.period()) {
            t.schedKey2 = Math.min(q, 0); // throttled until the next period, replenished then (see timer)
        } else if (d < now) {
            t.schedKey3 = now + p.deadline();
            t.schedKey2 = p.runtime();
        } else if (overflow(q, d, p, now)) {
            t.schedKey2 = revisedRuntime(p, d - now);
        }
    }

    /**
     * update_dl_revised_wakeup: the budget a constrained server may use until its deadline without
     * exceeding its density, {@code dl_density x laxity >> 20} with {@code dl_density =
     * to_ratio(D, Q) = (Q << 20) / D}, rounded down as Linux does.
     */
    static long revisedRuntime(DeadlineParams p, long laxity) {
        long density = p.runtime() < 1L << 43 ? (p.runtime() << BW_SHIFT) / p.deadline()
                : (long) ((double) p.runtime() / p.deadline() * (1L << BW_SHIFT));
        long mask = (1L << BW_SHIFT) - 1;
        return density * (laxity >> BW_SHIFT) + ((density * (laxity & mask)) >> BW_SHIFT);
    }

    /** dl_entity_overflow: q / (d - now) > Q / D, compared without dividing. */
    static boolean overflow(long q, long d, DeadlineParams p, long now) {
        return Math.multiplyHigh(q, p.deadline()) != 0 || Math.multiplyHigh(d - now, p.runtime()) != 0
                ? (double) q * p.deadline() > (double) (d - now) * p.runtime()
                : q * p.deadline() > (d - now) * p.runtime();
    }

    @Override
    public void dequeue(Task t, long now) {
        switch (t.schedLevel) {
            case 1 -> ready.remove(t);
            case 2 -> throttled.remove(t);
            case 3 -> background.remove(t);
            default -> throw new IllegalStateException(t + " is not queued");
        }
        t.schedLevel = 0;
    }

    @Override
    public Task pickNext(int cpu, long now) {
        Task t = ready.poll();
        if (t == null) t = background.poll();
        if (t != null) t.schedLevel = 0;
        return t;
    }

    @Override
    public Task peekNext(int cpu, long now) {
        Task t = ready.peek();
        return t != null ? t : background.peek();
    }

    /** Tasks that can be picked (throttled servers wait for their replenishment, not for a CPU). */
    @Override
    public int readyCount() {
        return ready.size() + background.size();
    }

    /** A server runs until its budget is used up; background tasks until they block. */
    @Override
    public long timeSlice(Task t, int cpu, long now) {
        return t.deadlineParams() == null ? SimTime.NEVER : Math.max(1, t.schedKey2);
    }

    @Override
    public void accountRun(Task t, long ranNs, long now) {
        if (t.deadlineParams() != null) t.schedKey2 -= ranNs;
    }

    @Override
    public boolean wakeupPreempts(Task woken, Task running, long now) {
        if (woken.deadlineParams() == null || woken.schedLevel != 1) return false;
        return running.deadlineParams() == null || woken.schedKey3 < running.schedKey3;
    }

    @Override
    public long nextTimer() {
        return throttled.peekKey() == Long.MAX_VALUE ? SimTime.NEVER : throttled.peekKey();
    }

    /** The replenishment timer: servers whose period has come get their budget back, deadlines postponed. */
    @Override
    public void timer(long now, Consumer<Task> readyAgain) {
        while (throttled.size() > 0 && throttled.peekKey() <= now) {
            Task t = throttled.poll();
            DeadlineParams p = t.deadlineParams();
            while (t.schedKey2 <= 0) {
                t.schedKey2 += p.runtime();
                t.schedKey3 += p.period();
            }
            t.schedKey = t.schedKey3;
            ready.add(t);
            t.schedLevel = 1;
            readyAgain.accept(t);
        }
    }
}
