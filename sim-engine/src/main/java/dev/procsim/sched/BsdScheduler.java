package dev.procsim.sched;

import dev.procsim.engine.SimTime;
import dev.procsim.kernel.Scheduler;
import dev.procsim.kernel.Task;

/**
 * The 4.4BSD time-sharing scheduler (McKusick et al., The Design and Implementation of the 4.4BSD
 * Operating System, section 4.4), preset {@code bsd} of {@code time-sharing}.
 *
 * <ul>
 *   <li>{@code p_estcpu} grows by one per 10 ms clock tick a task runs (capped at 255).</li>
 *   <li>User priority = min(50 + estcpu / 4 + 2 * nice, 127), integer division; lower is better.</li>
 *   <li>Once a second every task's estcpu decays: estcpu = (2L / (2L + 1)) * estcpu + nice, L the
 *       load average (fixed point as in BSD: loadfactor 2L, FSCALE 2048); a task that slept
 *       through seconds gets the decay for each of them when it wakes (updatepri), with the
 *       current load average.</li>
 *   <li>The load average is the 1-minute exponential average of runnable tasks, updated each
 *       second (BSD samples every 5 s).</li>
 *   <li>Round robin among equals every 100 ms; a woken task with a strictly better priority
 *       preempts.</li>
 * </ul>
 * The once-a-second decay re-keys the run queue in O(n) once a second, never per tick.
 * Task fields: {@code schedKey} (priority), {@code schedKey2} (estcpu), {@code schedKey3} (the
 * second its decay is up to), {@code schedLevel} (ns toward the next tick).
 */
public final class BsdScheduler implements Scheduler {
    static final long TICK = 10 * SimTime.MS;
    static final long ROUND_ROBIN = 100 * SimTime.MS;
    static final long FSCALE = 2048;
    private static final double EXP_1MIN = Math.exp(-1.0 / 60);

    private final TaskHeap queue = new TaskHeap();
    private long second;
    private double loadAverage;
    private int runnable;

    @Override
    public String name() {
        return "time-sharing";
    }

    /** 4.4BSD resetpriority: PUSER + estcpu / NICE_WEIGHT... as min(50 + estcpu/4 + 2*nice, 127). */
    static long userPriority(long estcpu, int nice) {
        return Math.min(50 + estcpu / 4 + 2L * nice, 127);
    }

    /** 4.4BSD schedcpu: decay_cpu(loadfactor(loadav), estcpu) + nice, within [0, 255]. */
    static long decay(long estcpu, long loadFixed, int nice) {
        long loadfac = 2 * loadFixed;
        long v = (loadfac * estcpu) / (loadfac + FSCALE) + nice;
        return Math.max(0, Math.min(255, v));
    }

    private long loadFixed() {
        return Math.round(loadAverage * FSCALE);
    }

    /** Applies the once-a-second decays the task has not had yet. */
    private void catchUp(Task t) {
        long behind = second - t.schedKey3;
        if (behind <= 0) return;
        long load = loadFixed();
        long est = t.schedKey2;
        for (long i = 0; i < Math.min(behind, 64); i++) est = decay(est, load, t.nice());
        if (behind > 64) est = Math.max(0, Math.min(255, est)); // long sleepers: fully decayed by now
        t.schedKey2 = est;
        t.schedKey3 = second;
        t.schedKey = userPriority(est, t.nice());
    }

    /** Once a second: load average, then decay of every queued task and a re-keyed queue. */
    private void tick(long now) {
        long s = now / SimTime.S;
        if (s <= second) return;
        for (long i = second; i < s; i++) loadAverage = loadAverage * EXP_1MIN + runnable * (1 - EXP_1MIN);
        second = s;
        queue.rekeyAll(this::catchUp);
    }

    @Override
    public void enqueue(Task t, EnqueueReason reason, long now) {
        tick(now);
        if (reason == EnqueueReason.NEW) {
            t.schedKey3 = second;
            t.schedLevel = 0; // estcpu: 0, or the parent's (fork hook)
        }
        if (reason == EnqueueReason.NEW || reason == EnqueueReason.WAKEUP) runnable++;
        catchUp(t);
        t.schedKey = userPriority(t.schedKey2, t.nice());
        queue.add(t);
    }

    @Override
    public void fork(Task parent, Task child, long now) {
        child.schedKey2 = parent.schedKey2; // 4.4BSD: the child inherits p_estcpu
    }

    @Override
    public void dequeue(Task t, long now) {
        queue.remove(t);
        runnable--;
    }

    @Override
    public Task pickNext(int cpu, long now) {
        tick(now);
        return queue.poll();
    }

    @Override
    public Task pickNextAllowed(int cpu, long now, java.util.function.Predicate<Task> allowed) {
        tick(now);
        return queue.poll(allowed);
    }

    @Override
    public boolean picksAllowed() {
        return true;
    }

    @Override
    public void putPrev(Task t, boolean stillRunnable, long now) {
        if (!stillRunnable) runnable--;
    }

    @Override
    public int readyCount() {
        return queue.size();
    }

    @Override
    public long timeSlice(Task t, int cpu, long now) {
        return ROUND_ROBIN;
    }

    @Override
    public void accountRun(Task t, long ranNs, long now) {
        tick(now);
        catchUp(t);
        long acc = t.schedLevel + ranNs;
        t.schedKey2 = Math.min(255, t.schedKey2 + acc / TICK);
        t.schedLevel = (int) (acc % TICK);
        t.schedKey = userPriority(t.schedKey2, t.nice());
    }

    @Override
    public boolean wakeupPreempts(Task woken, Task running, long now) {
        return woken.schedKey < running.schedKey;
    }
}
