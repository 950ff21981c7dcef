package dev.procsim.kernel;

/**
 * Each task's runnable average, Linux's PELT {@code load_avg} ({@code kernel/sched/pelt.c})
 * simplified: the share of recent time the task was runnable (queued or running), 0 to 1024, each
 * period of 2^20 ns (Linux: 1024 us) counting half as much 32 periods later, counted in whole
 * periods (the balancer weights it by nice: {@link NiceWeight}). A new task starts full ({@code init_entity_runnable_average}).
 * Kept per task slot, so that a task carries no field for it; the run queues update it when a
 * task becomes runnable or stops being so, the balancer reads it.
 */
final class RunnableAverage {
    /** Per task slot: its average (0..1024), when it was last brought up to date, and whether it is runnable. */
    private long[] avg = new long[0], stamp = new long[0];
    private boolean[] runnable = new boolean[0];

    /** 2^20 ns, about Linux's 1024 us accounting period. */
    static final int PERIOD_SHIFT = 20;
    /** y^i in 32-bit fixed point, y^32 = 1/2: a 32-period (about 33 ms) half-life. StrictMath: the same bits everywhere. */
    static final long[] Y = new long[32];

    static {
        for (int i = 0; i < 32; i++) Y[i] = (long) (StrictMath.pow(0.5, i / 32.0) * 4294967296.0);
    }

    /** {@code v} decayed over {@code dt} ns, in whole periods (what is left of a period is not counted). */
    static long decay(long v, long dt) {
        long p = dt >>> PERIOD_SHIFT;
        if (p >= 32 * 64) return 0;
        return ((v >> (p / 32)) * Y[(int) (p % 32)]) >>> 32;
    }

    private void ensureSlot(int slot) {
        if (slot < avg.length) return;
        int cap = Math.max(slot + 1, avg.length * 2);
        avg = java.util.Arrays.copyOf(avg, cap);
        stamp = java.util.Arrays.copyOf(stamp, cap);
        runnable = java.util.Arrays.copyOf(runnable, cap);
    }

    /** A new task counts as fully runnable (init_entity_runnable_average), so that a burst of forks is seen at once. */
    void start(Task t, long now) {
        ensureSlot(t.slot);
        avg[t.slot] = 1024;
        stamp[t.slot] = now;
        runnable[t.slot] = true;
    }

    void set(Task t, boolean r, long now) {
        if (t.slot < 0) return;
        ensureSlot(t.slot);
        avg[t.slot] = at(t, now);
        stamp[t.slot] = now;
        runnable[t.slot] = r;
    }

    /**
     * The task's runnable average now: the share of recent time it was runnable (queued or
     * running), 0 to 1024, each ~1 ms period counting half as much 32 periods later, as PELT's
     * {@code load_avg} of a nice-0 task (not weighted by nice here).
     */
    long at(Task t, long now) {
        int s = t.slot;
        if (s < 0 || s >= avg.length) return 1024;
        long d = now - stamp[s];
        return runnable[s] ? 1024 - decay(1024 - avg[s], d) : decay(avg[s], d);
    }
}
