package dev.procsim.report.run;

import dev.procsim.workload.Experiment;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Collection;
import java.util.Locale;

/**
 * Notices the heap nearing its limit before the JVM runs out: the occupancy of the old generation
 * right after a collection (what is live, not garbage waiting to be collected) above a fraction
 * of its maximum. The fraction is 0.85, or the system property {@code procsim.memoryLimit}. The
 * JVM tells it right after the collection that crossed the limit ({@code onLow} runs then, on the
 * JVM's notification thread); {@link #low()} can also be polled.
 *
 * <p>Polled, it also asks for a full collection when the old generation's occupancy passes the
 * limit between collections (at most every 5 seconds), since some collectors collect it only when
 * it is full. And it catches a heap that thrashes just below the limit: when the collectors took more
 * than half of the wall-clock time over the last {@value #WINDOW_SECONDS} seconds and the old
 * generation is above {@value #THRASH_FRACTION} of its maximum after a collection, the run makes
 * little progress and would take minutes to reach the limit, or end in the collector's own
 * OutOfMemoryError ("GC overhead limit exceeded", after a few seconds of collecting), so it counts
 * as low too.
 */
final class MemoryWatch implements AutoCloseable {
    private final MemoryPoolMXBean pool = oldGeneration();
    private final double limit = Math.min(1.0, Double.parseDouble(System.getProperty("procsim.memoryLimit", "0.85")));
    private volatile long used, max;
    private final javax.management.NotificationListener listener;
    static final int WINDOW_SECONDS = 2;
    static final double THRASH_FRACTION = 0.6;
    private final java.util.List<java.lang.management.GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    /** Ring of (wall-clock ms, cumulative GC ms) samples taken by {@link #low()}. */
    private final long[] wallMs = new long[64], gcMs = new long[64];
    private int samples;
    private volatile int gcPercent = -1;

    /**
     * Room kept for stopping cleanly: released when the heap is found low or a run runs out, so that
     * stopping the runs and writing what finished do not fail for want of a few objects.
     */
    private volatile byte[] reserve = new byte[1 << 21];

    void releaseReserve() {
        reserve = null;
    }

    MemoryWatch(Runnable onLow) {
        if (pool == null || pool.getUsage().getMax() <= 0) {
            listener = null;
            return;
        }
        pool.setCollectionUsageThreshold((long) (limit * pool.getUsage().getMax()));
        listener = (n, handback) -> {
            if (java.lang.management.MemoryNotificationInfo.MEMORY_COLLECTION_THRESHOLD_EXCEEDED.equals(n.getType()) && low()) onLow.run();
        };
        ((javax.management.NotificationEmitter) ManagementFactory.getMemoryMXBean()).addNotificationListener(listener, null, null);
    }

    @Override
    public void close() {
        if (listener == null) return;
        try {
            ((javax.management.NotificationEmitter) ManagementFactory.getMemoryMXBean()).removeNotificationListener(listener);
        } catch (javax.management.ListenerNotFoundException e) {
            // already gone
        }
    }

    /** The heap pool that supports a collection-usage view and has the largest maximum: the old generation. */
    private static MemoryPoolMXBean oldGeneration() {
        MemoryPoolMXBean best = null;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() != MemoryType.HEAP || !p.isCollectionUsageThresholdSupported()) continue;
            if (best == null || p.getUsage().getMax() > best.getUsage().getMax()) best = p;
        }
        return best;
    }

    private long lastForcedGc = Long.MIN_VALUE / 2;

    /** Whether what survived the latest collection fills more than the limit of the pool. */
    boolean low() {
        if (pool == null) return false;
        // Some collectors (Parallel) collect the old generation only once it is full, which is too
        // late to stop cleanly: when it passes the limit between collections, ask for a full
        // collection (at most every 5 s) to learn what is really live.
        MemoryUsage now = pool.getUsage();
        long t = System.nanoTime();
        if (now != null && now.getMax() > 0 && now.getUsed() > limit * now.getMax() && t - lastForcedGc > 5_000_000_000L) {
            lastForcedGc = t;
            System.gc();
        }
        MemoryUsage u = pool.getCollectionUsage();
        if (u == null || u.getMax() <= 0) return false;
        used = u.getUsed();
        max = u.getMax();
        if (used > limit * max || (thrashing() && used > THRASH_FRACTION * max)) {
            releaseReserve();
            return true;
        }
        return false;
    }

    /** Whether the collectors took more than half of the wall-clock time over the window (polls only). */
    private synchronized boolean thrashing() {
        long now = System.nanoTime() / 1_000_000, gc = 0;
        for (var c : collectors) gc += Math.max(0, c.getCollectionTime());
        int i = samples++ % wallMs.length;
        wallMs[i] = now;
        gcMs[i] = gc;
        // the oldest sample still inside the window
        for (int k = Math.min(samples, wallMs.length) - 1; k > 0; k--) {
            int j = Math.floorMod(i - k, wallMs.length);
            long span = now - wallMs[j];
            if (span > WINDOW_SECONDS * 1000L) continue;
            if (span < WINDOW_SECONDS * 750L) return false; // not watched long enough yet
            gcPercent = (int) (100 * (gc - gcMs[j]) / span);
            return gcPercent > 50;
        }
        return false;
    }

    /** The message: which runs were running, how big they had grown, and what bounds them. */
    String describe(Collection<ExperimentRunner.LiveRun> running) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "the Java heap is nearly full (%d of %d MiB live after a collection%s)",
                used >> 20, max >> 20, gcPercent > 50 ? ", the collector taking " + gcPercent + "% of the time" : ""));
        b.append("; stopped every run. Running then:");
        for (ExperimentRunner.LiveRun r : running) {
            var k = r.instance().kernel();
            b.append(String.format(Locale.ROOT, "%n  run %d (%s, replication %d): at %s simulated, %,d tasks alive (PIDs in use), %,d task records,"
                    + " %,d points of the PID series", r.run(), r.label(), r.replication(), Progress.time(r.simulatedNanos()), r.tasksAlive(),
                    k.metrics().taskRecordCount(), k.metrics().pidsInUse().size()));
        }
        return b.append(System.lineSeparator()).append(HINT).toString();
    }

    static String describeError(Experiment.Point p, int replication) {
        return "the Java heap ran out during run " + p.label() + " replication " + replication + "; it was dropped."
                + System.lineSeparator() + HINT;
    }

    static final String HINT = "Memory grows with the tasks alive (about 420 bytes each, zombies included), their page tables (4 bytes per"
            + " 4 KiB page of a process's memory once it has touched any, 1 MiB per GiB; freed at exit), the task records kept"
            + " (about 120 bytes each, at most kernel.max_task_records per run), the schedule segments (kernel.max_schedule_segments)"
            + " and the time series (a point per change), times the runs in parallel. Bound it with a larger heap"
            + " (PROCSIM_JAVA_OPTS=-Xmx16g), a lower kernel.max_task_records, a shorter horizon, a lower pid_max or rlimit_nproc, or"
            + " fewer --threads. The runs that finished are kept.";
}
