package dev.procsim.report;

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
 */
final class MemoryWatch implements AutoCloseable {
    private final MemoryPoolMXBean pool = oldGeneration();
    private final double limit = Double.parseDouble(System.getProperty("procsim.memoryLimit", "0.85"));
    private volatile long used, max;
    private final javax.management.NotificationListener listener;

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

    /** Whether what survived the latest collection fills more than the limit of the pool. */
    boolean low() {
        if (pool == null) return false;
        MemoryUsage u = pool.getCollectionUsage();
        if (u == null || u.getMax() <= 0) return false;
        used = u.getUsed();
        max = u.getMax();
        return used > limit * max;
    }

    /** The message: which runs were running, how big they had grown, and what bounds them. */
    String describe(Collection<ExperimentRunner.LiveRun> running) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "the Java heap is nearly full (%d of %d MiB live after a collection)",
                used >> 20, max >> 20));
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

    static final String HINT = "Memory grows with the tasks alive (about 470 bytes each, zombies included), their page tables (4 bytes per"
            + " 4 KiB page of a process's memory once it has touched any, 1 MiB per GiB; freed at exit), the task records kept"
            + " (about 130 bytes each, at most kernel.max_task_records per run), the schedule segments (kernel.max_schedule_segments)"
            + " and the time series (a point per change), times the runs in parallel. Bound it with a larger heap"
            + " (PROCSIM_JAVA_OPTS=-Xmx16g), a lower kernel.max_task_records, a shorter horizon, a lower pid_max or rlimit_nproc, or"
            + " fewer --threads. The runs that finished are kept.";
}
