package dev.procsim.kernel;

/**
 * Each CPU's runnable count as it changes (per-CPU queues): its run-queue length integrated over
 * time ({@link KernelMetrics#cpuRunnable}) and the load imbalance, the busiest CPU's count minus
 * the idlest's. O(1) per change: a count of CPUs at each load gives the highest and lowest, which
 * move by at most one since loads change by one task at a time.
 */
final class CpuLoads {
    private final int n;
    /** Each CPU's count as last told, and since when; the integrals (the metrics' own array). */
    private final int[] count;
    private final long[] since, area;
    private int[] cpusAtLoad = new int[4];
    private int max, min;

    CpuLoads(int n, long[] area) {
        this.n = n;
        this.count = new int[n];
        this.since = new long[n];
        this.area = area;
        cpusAtLoad[0] = n;
    }

    /** CPU {@code c} has {@code load} runnable tasks from {@code now} (no change: nothing to do). */
    void changed(int c, int load, long now) {
        int old = count[c];
        if (old == load) return;
        area[c] += old * (now - since[c]);
        since[c] = now;
        count[c] = load;
        if (load >= cpusAtLoad.length) cpusAtLoad = java.util.Arrays.copyOf(cpusAtLoad, Math.max(load + 1, cpusAtLoad.length * 2));
        cpusAtLoad[old]--;
        cpusAtLoad[load]++;
        if (load > max) max = load;
        if (load < min) min = load;
        while (cpusAtLoad[max] == 0) max--;
        while (cpusAtLoad[min] == 0) min++;
    }

    int imbalance() {
        return max - min;
    }

    /** The integrals brought up to {@code now} (the end of a run). */
    void close(long now) {
        for (int c = 0; c < n; c++) {
            area[c] += count[c] * (now - since[c]);
            since[c] = now;
        }
    }
}
