package dev.procsim.report;

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
    /** The results of the runs that finished, in run order; {@code partial} if it was stopped early. */
    public record Result(Experiment experiment, List<RunSummary> runs, boolean partial, int shard, int shards,
            Map<Integer, Histogram[]> histograms) {
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

        SimulationFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private ExperimentRunner() {}

    public static int runCount(Experiment x) {
        return x.points().size() * x.replications();
    }

    /**
     * @param progress called with the number of finished runs after each one
     * @param stop     set to stop early: runs not started are skipped, and the result is partial
     */
    public static Result run(Experiment x, int threads, int shard, int shards, IntConsumer progress, AtomicBoolean stop) {
        return run(x, threads, shard, shards, progress, stop, null);
    }

    /** As above; with a sink, each run's per-task rows and histograms are handed on and then dropped from memory. */
    public static Result run(Experiment x, int threads, int shard, int shards, IntConsumer progress, AtomicBoolean stop, Sink sink) {
        Map<Integer, Histogram[]> merged = new TreeMap<>();
        List<Experiment.Point> points = x.points();
        int reps = x.replications();
        List<Integer> mine = new ArrayList<>();
        for (int i = 0; i < points.size() * reps; i++) if (i % shards == shard - 1) mine.add(i);
        RunSummary[] out = new RunSummary[mine.size()];
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "procsim-run");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int j = 0; j < mine.size(); j++) {
                final int slot = j;
                final int i = mine.get(j);
                futures.add(pool.submit((java.util.concurrent.Callable<Void>) () -> {
                    if (stop.get()) return null;
                    RunSummary s = runOne(x, points.get(i / reps), i % reps);
                    synchronized (merged) { // sums of counts: the same whatever order runs finish in
                        Histogram[] h = merged.computeIfAbsent(i / reps, k -> new Histogram[] {new Histogram(3), new Histogram(3)});
                        h[0].add(s.response);
                        h[1].add(s.forkLatency);
                    }
                    if (sink != null) {
                        sink.accept(i, s);
                        s.compact(s.replication == 0);
                    }
                    out[slot] = s;
                    progress.accept(done.incrementAndGet());
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
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
            pool.shutdownNow();
        }
        List<RunSummary> runs = new ArrayList<>();
        boolean partial = false;
        for (RunSummary r : out) {
            if (r == null) partial = true;
            else runs.add(r);
        }
        return new Result(x, runs, partial, shard, shards, merged);
    }

    /** One run: its own kernel, memory and streams. */
    public static RunSummary runOne(Experiment x, Experiment.Point p, int replication) {
        try {
            Experiment.Setup s = x.resolve(p, replication);
            Experiment.Instance in = s.start(new RandomStreams(x.seed(), replication));
            var r = in.run();
            return new RunSummary(p, replication, r, in.kernel().metrics(), in.memory().metrics(), in.kernel().scheduleLog(),
                    s.kernel().cpus);
        } catch (RuntimeException e) {
            throw new SimulationFailure("run " + p.label() + " replication " + replication + " failed: " + e, e);
        }
    }
}
