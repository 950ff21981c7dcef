package dev.procsim.report.run;

import dev.procsim.engine.RandomStreams;
import dev.procsim.workload.Experiment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs every (factor combination, replication) of an experiment, in parallel. Run i is
 * combination i / replications, replication i % replications; each builds its own kernel from
 * streams of (seed, replication), so results do not depend on the thread count or on the order
 * runs finish in. A shard K/N takes the runs with i % N == K - 1.
 */
public final class ExperimentRunner {
    /**
     * The results of the runs that finished, in run order; {@code partial} if it was stopped early.
     * {@code memoryStop}: why the runs were stopped for lack of memory, or null.
     */
    public record Result(Experiment experiment, List<RunSummary> runs, boolean partial, int shard, int shards,
            Map<Integer, Histogram[]> histograms, String memoryStop) {
        public Result(Experiment experiment, List<RunSummary> runs, boolean partial, int shard, int shards, Map<Integer, Histogram[]> histograms) {
            this(experiment, runs, partial, shard, shards, histograms, null);
        }

        /** Runs stopped while running (by Ctrl-C): kept, marked {@code interrupted}. */
        public long interrupted() {
            return runs.stream().filter(RunSummary::interrupted).count();
        }

        /** Response-time and fork-latency histograms of a combination, merged over its finished runs. */
        public Histogram[] histograms(int combination) {
            return histograms.get(combination);
        }
    }

    /** Receives each run as it finishes (on a worker thread), before its bulky parts are dropped. */
    public interface Sink {
        void accept(int run, RunSummary summary) throws java.io.IOException;
    }

    /** A run that failed inside the simulator (a bug or an impossible state): exit status 1. */
    public static final class SimulationFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public SimulationFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private ExperimentRunner() {}

    /** What a memory stop says until the watch has described the runs it stopped. */
    private static final String NEARLY_FULL = "the Java heap is nearly full";

    public static int runCount(Experiment x) {
        return x.points().size() * x.replications();
    }

    /** What bounds the heap a run needs, and how to give it more: said when it runs out. */
    public static final String HEAP_HINT = MemoryWatch.HINT;

    /** How long runs may take to stop after a memory stop before they are given up (dropped, the result partial). */
    static final long ABANDON_AFTER_MEMORY_STOP_NANOS = 10_000_000_000L;

    /**
     * @param progress called with the number of finished runs after each one
     * @param stop     set to stop early: runs not started are skipped, and the result is partial
     */
    public static Result run(Experiment x, int threads, int shard, int shards, IntConsumer progress, AtomicBoolean stop) {
        return run(x, threads, shard, shards, progress, stop, null);
    }

    /** As above; with a sink, each run's per-task rows and histograms are handed on and then dropped from memory. */
    public static Result run(Experiment x, int threads, int shard, int shards, IntConsumer progress, AtomicBoolean stop, Sink sink) {
        return run(x, threads, shard, shards, progress, stop, sink, null);
    }

    /**
     * As above, and {@code live} (may be null) is called about every 200 ms of wall time with the
     * runs in progress, for progress inside long runs. Setting {@code stop} also interrupts the runs
     * in progress (within a few thousand events); each is kept, marked {@code interrupted}. When the
     * heap nears its limit every run is stopped, the runs in progress are dropped, and the result
     * says why in {@link Result#memoryStop()}.
     */
    public static Result run(Experiment x, int threads, int shard, int shards, IntConsumer progress, AtomicBoolean stop, Sink sink,
            java.util.function.Consumer<java.util.Collection<LiveRun>> live) {
        return run(x, threads, shard, shards, progress, stop, sink, live, 0);
    }

    /**
     * As above, only the replications from {@code fromReplication} on (sequential stopping adds
     * replications in batches: each run depends only on its combination and replication, so the
     * batches together are the runs of one plain run).
     */
    public static Result run(Experiment x, int threads, int shard, int shards, IntConsumer progress, AtomicBoolean stop, Sink sink,
            java.util.function.Consumer<java.util.Collection<LiveRun>> live, int fromReplication) {
        Map<Integer, Histogram[]> merged = new TreeMap<>();
        List<Experiment.Point> points = x.points();
        int reps = x.replications();
        List<Integer> mine = new ArrayList<>();
        for (int i = 0; i < points.size() * reps; i++) if (i % shards == shard - 1 && i % reps >= fromReplication) mine.add(i);
        RunSummary[] out = new RunSummary[mine.size()];
        AtomicInteger done = new AtomicInteger();
        Map<Integer, LiveRun> running = new java.util.concurrent.ConcurrentSkipListMap<>();
        java.util.concurrent.atomic.AtomicReference<String> memoryStop = new java.util.concurrent.atomic.AtomicReference<>();
        MemoryWatch memory = new MemoryWatch(() -> {
            if (memoryStop.compareAndSet(null, NEARLY_FULL)) stop.set(true); // the details follow from the watch thread
        });
        // Built before any run: once the heap has run out, building a message may fail too.
        final String ranOut = "the Java heap ran out; every run was stopped." + System.lineSeparator() + MemoryWatch.HINT;
        // The watch says what was running at its next tick; runs that stop before it leave this instead (CI saw the bare phrase).
        final String nearlyFull = "the Java heap is nearly full; every run was stopped." + System.lineSeparator() + MemoryWatch.HINT;
        // A pool thread that the heap runs out on outside a task (taking the next one) dies with
        // an error the pool does not catch, not always the OutOfMemoryError itself (a lock released
        // half-way): the runs stop, the message is the memory one, and no stack trace is printed.
        Thread.UncaughtExceptionHandler died = (th, e) -> {
            memory.releaseReserve();
            memoryStop.compareAndSet(null, e instanceof OutOfMemoryError || stop.get() ? ranOut
                    : "a run thread failed (a bug in procsim; please report it): " + e);
            stop.set(true);
        };
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "procsim-run");
            t.setDaemon(true);
            t.setUncaughtExceptionHandler(died);
            return t;
        });
        java.util.concurrent.ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "procsim-watch");
            t.setDaemon(true);
            t.setUncaughtExceptionHandler(died);
            return t;
        });
        String[] described = {null};
        AtomicBoolean watchFailed = new AtomicBoolean();
        watch.scheduleAtFixedRate(() -> {
            try {
                if ((memoryStop.get() != null || memory.low()) && described[0] == null) {
                    described[0] = memory.describe(running.values());
                    memoryStop.set(described[0]);
                    stop.set(true);
                }
                if (live != null && memoryStop.get() == null) live.accept(running.values());
            } catch (VirtualMachineError e) { // out of memory in the watch itself: stop everything
                stop.set(true);
            } catch (Throwable e) { // a bug in the watch must not stop the user's runs (or kill the watch): said once
                if (watchFailed.compareAndSet(false, true)) {
                    System.err.println("procsim: warning: the progress and memory watch failed (please report): " + e);
                }
            }
        }, 200, 200, java.util.concurrent.TimeUnit.MILLISECONDS);
        try {
            long[] cuts = warmupCuts(x, mine, pool, stop);
            List<Future<?>> futures = new ArrayList<>();
            for (int j = 0; j < mine.size(); j++) {
                final int slot = j;
                final int i = mine.get(j);
                futures.add(pool.submit((java.util.concurrent.Callable<Void>) () -> {
                    if (stop.get()) return null;
                    try {
                        RunSummary s;
                        try {
                            s = runOne(x, points.get(i / reps), i % reps, i, stop, running, cuts[i / reps]);
                        } finally {
                            running.remove(i);
                        }
                        if (memoryStop.get() != null && s.interrupted()) return null; // dropped: its memory is needed to write the rest
                        finish(s, i, slot, reps, merged, sink, out);
                    } catch (OutOfMemoryError e) { // the watch came too late: this run's memory is garbage now
                        memory.releaseReserve();
                        String message;
                        try {
                            message = MemoryWatch.describeError(points.get(i / reps), i % reps);
                        } catch (OutOfMemoryError again) {
                            message = ranOut;
                        }
                        final String why = message;
                        if (!memoryStop.compareAndSet(null, why)) memoryStop.updateAndGet(m -> m.endsWith("nearly full") ? why : m);
                        stop.set(true);
                        return null;
                    }
                    progress.accept(done.incrementAndGet());
                    return null;
                }));
            }
            long stoppedAt = -1;
            for (Future<?> f : futures) {
                try {
                    // Polled: after a memory stop, a run thread that an OutOfMemoryError killed
                    // outside its task would leave its future pending for ever. Once memory is
                    // short the wait allocates nothing (a timed get throws a new exception each time).
                    while (true) {
                        try {
                            if (memoryStop.get() == null) {
                                try {
                                    f.get(200, java.util.concurrent.TimeUnit.MILLISECONDS);
                                    break;
                                } catch (java.util.concurrent.TimeoutException e) {
                                    continue;
                                }
                            }
                            if (f.isDone()) {
                                f.get();
                                break;
                            }
                            if (stoppedAt < 0) stoppedAt = System.nanoTime();
                            if (System.nanoTime() - stoppedAt > ABANDON_AFTER_MEMORY_STOP_NANOS) break;
                            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
                        } catch (OutOfMemoryError e) { // the runs are stopped, and waited for
                            memory.releaseReserve();
                            memoryStop.compareAndSet(null, ranOut);
                            stop.set(true);
                        }
                    }
                } catch (java.util.concurrent.ExecutionException e) {
                    stop.set(true);
                    Throwable c = e.getCause();
                    if (c instanceof SimulationFailure sf) throw sf;
                    throw new SimulationFailure("a run failed: " + c, c);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stop.set(true);
                    break;
                }
            }
        } finally {
            try { // after the heap ran out a pool's queue may be left broken: its threads are daemons, and nothing here may throw
                watch.shutdownNow();
                pool.shutdownNow();
            } catch (RuntimeException | OutOfMemoryError e) {
                stop.set(true);
            }
            memory.close();
        }
        memoryStop.compareAndSet(NEARLY_FULL, nearlyFull); // the watch did not get to describe it: said with the hint
        List<RunSummary> runs = new ArrayList<>();
        boolean partial = false;
        for (RunSummary r : out) {
            if (r == null) partial = true;
            else {
                runs.add(r);
                partial |= r.interrupted();
            }
        }
        return new Result(x, runs, partial, shard, shards, merged, memoryStop.get());
    }

    /**
     * The warm-up cut of each combination (ns; 0: none): the fixed one, or with {@code warmup: auto}
     * MSER-5's on the first replication of each combination this shard runs, that replication run
     * once more for it (in parallel, before the others; the same on every shard and thread count).
     */
    static long[] warmupCuts(Experiment x, List<Integer> mine, ExecutorService pool, AtomicBoolean stop) {
        int reps = x.replications();
        List<Experiment.Point> points = x.points();
        long[] cuts = new long[points.size()];
        dev.procsim.workload.Statistics st = x.statistics();
        if (st.warmup() == dev.procsim.workload.Statistics.Warmup.FIXED) java.util.Arrays.fill(cuts, st.warmupNs());
        if (st.warmup() != dev.procsim.workload.Statistics.Warmup.AUTO) return cuts;
        java.util.SortedSet<Integer> combos = new java.util.TreeSet<>();
        for (int i : mine) combos.add(i / reps);
        Map<Integer, Future<Long>> f = new TreeMap<>();
        for (int c : combos) {
            f.put(c, pool.submit(() -> stop.get() ? 0L : SteadyState.mserCut(runOne(x, points.get(c), 0, -1, stop, null, 0).tasks)));
        }
        for (Map.Entry<Integer, Future<Long>> e : f.entrySet()) {
            try {
                cuts[e.getKey()] = e.getValue().get();
            } catch (java.util.concurrent.ExecutionException ex) {
                Throwable c = ex.getCause();
                if (c instanceof SimulationFailure sf) throw sf;
                throw new SimulationFailure("a warm-up run failed: " + c, c);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                stop.set(true);
            }
        }
        return cuts;
    }

    /** A finished run: its histograms merged, its rows handed to the sink, kept in its slot. */
    private static void finish(RunSummary s, int i, int slot, int reps, Map<Integer, Histogram[]> merged, Sink sink, RunSummary[] out)
            throws java.io.IOException {
        synchronized (merged) { // sums of counts: the same whatever order runs finish in
            Histogram[] h = merged.computeIfAbsent(i / reps, k -> new Histogram[] {new Histogram(3), new Histogram(3)});
            h[0].add(s.response);
            h[1].add(s.forkLatency);
        }
        if (sink != null) {
            sink.accept(i, s);
            s.compact(s.replication == 0);
        } else {
            s.fullSchedule = List.of(); // only a sink writes traces
            s.instants = List.of();
            s.wakes = dev.procsim.kernel.ScheduleLog.Wakes.NONE;
        }
        out[slot] = s;
    }

    /**
     * A run in progress, as seen from another thread. The simulation loop publishes its clock and
     * event count itself only every few thousand events, so a run with fewer (every run of the demo)
     * would read 0 all along: the run's thread also publishes them after each dispatch round, through
     * the kernel's dispatch observer, which a LiveRun installs.
     */
    public record LiveRun(int run, String label, int replication, Experiment.Instance instance, long startNanos, Seen seen) {
        public LiveRun(int run, String label, int replication, Experiment.Instance instance, long startNanos) {
            this(run, label, replication, instance, startNanos, Seen.watch(instance));
        }

        public long simulatedNanos() {
            return Math.max(instance.kernel().simulation().publishedNow(), seen.now.get());
        }

        public long events() {
            return Math.max(instance.kernel().simulation().publishedEvents(), seen.events.get());
        }

        /** PIDs in use: live tasks and zombies. */
        public int tasksAlive() {
            return instance.kernel().pids().inUse();
        }

        public long horizon() {
            return instance.horizon();
        }
    }

    /** A run's clock and event count as of its last dispatch round, published by its own thread. */
    public static final class Seen {
        final java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(),
                events = new java.util.concurrent.atomic.AtomicLong();

        static Seen watch(Experiment.Instance in) {
            Seen s = new Seen();
            dev.procsim.engine.Simulation sim = in.kernel().simulation();
            in.kernel().setDispatchObserver(() -> { // lazySet: no fence on the run's thread
                s.now.lazySet(sim.now());
                s.events.lazySet(sim.eventsFired());
            });
            return s;
        }
    }

    /** One run: its own kernel, memory and streams. */
    public static RunSummary runOne(Experiment x, Experiment.Point p, int replication) {
        return runOne(x, p, replication, -1, null, null, 0);
    }

    /** One run with the warm-up cut at {@code cut} ns (0: none; see {@link SteadyState}). */
    public static RunSummary runOne(Experiment x, Experiment.Point p, int replication, long cut) {
        return runOne(x, p, replication, -1, null, null, cut);
    }

    private static RunSummary runOne(Experiment x, Experiment.Point p, int replication, int run, AtomicBoolean stop,
            Map<Integer, LiveRun> running, long cut) {
        try {
            Experiment.Setup s = x.resolve(p, replication);
            Experiment.Instance in = s.start(new RandomStreams(x.seed(), replication));
            if (stop != null) in.kernel().simulation().interruptWhen(stop);
            if (running != null) running.put(run, new LiveRun(run, p.label(), replication, in, System.nanoTime()));
            long[] busyAtCut = {-1};
            if (cut > 0) { // an event at the cut reads the busy time there; it changes nothing else (and is not counted below)
                dev.procsim.kernel.Kernel k = in.kernel();
                k.simulation().scheduleAt(cut, (tag, arg) -> busyAtCut[0] = k.busyUntil(cut), 0, 0);
            }
            var r = in.run();
            return new RunSummary(p, replication, r, in.kernel().metrics(), in.memory().metrics(), in.kernel().scheduleLog(),
                    s.kernel().cpus, x.statistics(), cut, busyAtCut[0]);
        } catch (RuntimeException e) {
            throw new SimulationFailure("run " + p.label() + " replication " + replication + " failed: " + e, e);
        }
    }
}
