package dev.procsim.kernel;

/**
 * A scheduling policy, as a small set of hooks in the style of Linux {@code struct sched_class}
 * (design.md section 5). The kernel owns the dispatch loop, timers, accounting and CPU placement;
 * a scheduler only keeps its run queue and answers these questions. It never reads the clock
 * except through the {@code now} arguments.
 *
 * <p>Call order for a task: {@link #fork} (a new child) or nothing (a workload arrival), then
 * {@link #enqueue} whenever it becomes ready, {@link #pickNext} when a CPU takes it (the pick
 * removes it from the queue), {@link #timeSlice} when it is dispatched, {@link #accountRun}
 * whenever the kernel charges it CPU time, and {@link #dequeue} if it leaves the queue without
 * being picked (killed while ready), and {@link #putPrev} whenever it leaves a CPU.
 *
 * <p>Stable API for plug-ins: this interface and its nested enums.
 */
public interface Scheduler {
    /** Why a task enters the run queue. */
    enum EnqueueReason {
        /** A new task (workload arrival or fork child). */
        NEW,
        /** Woken from I/O, sleep, wait or vfork-done. */
        WAKEUP,
        /** Taken off a CPU against its will (quantum expiry, wakeup preemption). */
        PREEMPTED,
        /** Gave up the CPU voluntarily ({@code yield}) while staying ready. */
        YIELDED
    }

    /** When the kernel acts on an expired quantum. */
    enum Preemption {
        /** At once: the running task is preempted when its slice ends. */
        FULL,
        /**
         * Cooperative: an expired quantum only marks the task; it is switched out at its next entry
         * into the kernel (system call, I/O, fork, ...), never in the middle of computation.
         */
        AT_KERNEL_ENTRY
    }

    /** What the kernel does with a periodic job that will miss, or has missed, its deadline. */
    enum OnMiss {
        /** Late jobs keep running; the task's next job queues behind. */
        CONTINUE,
        /** A job unfinished at its deadline is stopped there. */
        ABORT_AT_DEADLINE,
        /** A job is dropped as soon as its remaining work cannot finish by its deadline. */
        DROP_WHEN_INFEASIBLE
    }

    /** The scheduler's registry name. */
    String name();

    /** Called once before the run with the number of CPUs. */
    default void init(int cpus) {}

    void enqueue(Task t, EnqueueReason reason, long now);

    /** Removes a ready task that will not be picked (it was killed). */
    void dequeue(Task t, long now);

    /** Removes and returns the task the CPU should run next, or null to leave it idle. */
    Task pickNext(int cpu, long now);

    /**
     * One queue for several CPUs, with tasks confined to some of them (affinity, cpusets): as
     * {@link #pickNext}, but the task this policy ranks first among those {@code allowed} accepts,
     * every other task left exactly as it stood. A CPU so takes the first task in the queue's order
     * that it may run, as OSTEP's {@code multi.py} takes the first job of its central queue whose
     * affinity includes the CPU. Only called when {@link #picksAllowed} says so.
     */
    default Task pickNextAllowed(int cpu, long now, java.util.function.Predicate<Task> allowed) {
        throw new UnsupportedOperationException(name() + " cannot pick among the tasks a CPU may run");
    }

    /** Whether {@link #pickNextAllowed} is given; CPU affinity with one queue for several CPUs is refused otherwise. */
    default boolean picksAllowed() {
        return false;
    }

    /**
     * The task {@link #pickNext} would return now, left in the queue, or null when the policy does
     * not say (the default). Per-CPU queues of a {@link #pushPull} policy use it to pull a task
     * queued elsewhere that outranks it (pull_dl_task).
     */
    default Task peekNext(int cpu, long now) {
        return null;
    }

    /** Number of tasks in the run queue. */
    int readyCount();

    /** Length of the time slice for a task being dispatched, or {@code SimTime.NEVER} for no quantum timer. */
    default long timeSlice(Task t, int cpu, long now) {
        return dev.procsim.engine.SimTime.NEVER;
    }

    /**
     * The task left its CPU (put_prev_task): {@code stillRunnable} when it will be queued again at
     * once (preempted, yielded), false when it blocked or exited.
     */
    default void putPrev(Task t, boolean stillRunnable, long now) {}

    /** The task has just run for {@code ranNs} more nanoseconds (update_curr). */
    default void accountRun(Task t, long ranNs, long now) {}

    /**
     * Whether the kernel charges the running tasks ({@link #accountRun}) up to {@code now} just
     * before a task enters the queue as {@code NEW} or {@code WAKEUP}, so that its placement sees
     * their run time until that instant (Linux's enqueue_entity calls update_curr before
     * place_entity). Otherwise they are charged when they leave a CPU or at the end of the instant.
     */
    default boolean chargeRunningBeforeEnqueue() {
        return false;
    }

    /** Should {@code woken} (just made ready) take the CPU from {@code running} at once? */
    default boolean wakeupPreempts(Task woken, Task running, long now) {
        return false;
    }

    /** A child was forked from {@code parent}: initialise its scheduling state (task_fork). */
    default void fork(Task parent, Task child, long now) {}

    /**
     * Per-CPU run queues only ({@code kernel.run_queue: per-cpu}, one instance of the policy per
     * CPU): {@code t} leaves this CPU's queue for another CPU's. With {@code queued} it is in this
     * queue (the balancer takes it) and must be taken out as by {@link #dequeue}; otherwise it is
     * a sleeping task woken elsewhere or a new task placed elsewhere. Either way, what it carries
     * to the other queue is made relative to this one, as Linux's {@code migrate_task_rq_fair}
     * makes CFS's vruntime relative to min_vruntime (EEVDF keeps the lag it took when it left).
     * The default takes a queued task out and carries nothing.
     */
    default void migrateOut(Task t, boolean queued, long now) {
        if (queued) dequeue(t, now);
    }

    /**
     * Per-CPU run queues only: {@code t} arrives from another CPU's queue ({@link #migrateOut}
     * there) and is queued here: for {@code reason} (a new or woken task placed on this CPU), or,
     * with {@code reason} null, as it stood in the other queue (the balancer moved it). The
     * default queues it as woken in both cases: it left the other queue's runnable set as a
     * dequeued task does.
     */
    default void migrateIn(Task t, EnqueueReason reason, long now) {
        enqueue(t, reason == null ? EnqueueReason.WAKEUP : reason, now);
    }

    /**
     * The next time the policy needs {@link #timer} (a replenishment timer, as SCHED_DEADLINE's
     * dl_timer), or {@code SimTime.NEVER}. Asked at the end of every instant at which something changed.
     */
    default long nextTimer() {
        return dev.procsim.engine.SimTime.NEVER;
    }

    /** At the time {@link #nextTimer} gave: each task that can run again is handed to {@code ready}. */
    default void timer(long now, java.util.function.Consumer<Task> ready) {}

    /**
     * Per-CPU run queues: whether ready tasks are pushed and pulled between CPUs so that the
     * tasks this policy ranks highest run, whichever queue they are in (Linux's {@code rt.c} and
     * {@code deadline.c}: global scheduling over per-CPU queues), instead of being left to the
     * fair load balancer. For the real-time policies.
     */
    default boolean pushPull() {
        return false;
    }

    default Preemption preemption() {
        return Preemption.FULL;
    }

    default OnMiss onMiss() {
        return OnMiss.CONTINUE;
    }
}
