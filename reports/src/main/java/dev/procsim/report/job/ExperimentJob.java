package dev.procsim.report.job;

import dev.procsim.report.Report;
import dev.procsim.report.chart.Charts;

import dev.procsim.report.chart.ChartRenderer;
import dev.procsim.report.chart.ChartSpec;
import dev.procsim.report.chart.ChartWarmUp;
import dev.procsim.report.files.AtomicOutput;
import dev.procsim.report.files.ResultWriter;
import dev.procsim.report.files.TraceExport;
import dev.procsim.report.run.ExperimentRunner;
import dev.procsim.report.run.Progress;
import dev.procsim.report.run.SequentialRunner;
import dev.procsim.report.stats.Aggregate;
import dev.procsim.report.text.Lang;
import dev.procsim.report.text.Provenance;

import dev.procsim.workload.Experiment;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An experiment from runs to files: run every combination and replication, write the results,
 * the charts and the reports into a temporary directory, and rename it into place.
 */
public final class ExperimentJob {
    private ExperimentJob() {}

    /**
     * {@code force}: write beside files procsim did not write in the output directory (never
     * deleting them); {@code traces}: which runs get a trace file (Perfetto / chrome://tracing): the first
     * replication of every combination, every run, or none; {@code commandLine}: the arguments procsim
     * was run with, for the provenance the results record (empty when not run from the command line).
     */
    public record Options(int threads, int shard, int shards, Lang lang, List<ChartRenderer.Format> formats, boolean quiet, boolean force,
            TraceExport.Scope traces, boolean verbose, List<String> commandLine) {
        public Options(int threads, int shard, int shards, Lang lang, List<ChartRenderer.Format> formats, boolean quiet, boolean force,
                TraceExport.Scope traces, boolean verbose) {
            this(threads, shard, shards, lang, formats, quiet, force, traces, verbose, List.of());
        }

        /** Without timings. */
        public Options(int threads, int shard, int shards, Lang lang, List<ChartRenderer.Format> formats, boolean quiet, boolean force,
                TraceExport.Scope traces) {
            this(threads, shard, shards, lang, formats, quiet, force, traces, false);
        }
    }

    public static ExperimentRunner.Result run(Experiment x, Path out, Options o, PrintWriter err, AtomicBoolean stop) throws IOException {
        return run(x, out, o, err, stop, a -> {});
    }

    /** Also gives {@code opened} the output being written (so that Ctrl-C's hook can abandon it when time runs out). */
    public static ExperimentRunner.Result run(Experiment x, Path out, Options o, PrintWriter err, AtomicBoolean stop,
            java.util.function.Consumer<AtomicOutput> opened) throws IOException {
        int total = (ExperimentRunner.runCount(x) + o.shards() - 1 - (o.shard() - 1)) / o.shards();
        // before any run: once the heap has run out, building it (the Java version, the quoting) may fail too
        Provenance from = Provenance.of(x, o.commandLine());
        Progress progress = new Progress(err, total, o.quiet());
        try (AtomicOutput a = new AtomicOutput(out, o.force())) {
            opened.accept(a);
            long t0 = System.nanoTime();
            Thread warm = o.formats().isEmpty() ? null : ChartWarmUp.start(a.dir().resolve(".chart-warm-up"), o.formats());
            ExperimentRunner.Result r;
            if (x.statistics().sequential() && o.shards() == 1) { // batches of replications until the precision is met: a progress line each
                // (a shard, or a Spark task, runs the count it is given: the merge or the driver decides the next)
                Progress[] line = {progress};
                r = SequentialRunner.run(x, o.threads(), stop, new SequentialRunner.BatchListener() {
                    @Override
                    public java.util.function.IntConsumer starting(int from, int to, int runs) {
                        if (from > 0 && !o.quiet()) {
                            err.println("procsim: precision not reached yet: replications " + (from + 1) + " to " + to);
                            err.flush();
                        }
                        if (from > 0) line[0] = new Progress(err, runs, o.quiet());
                        return line[0]::update;
                    }

                    @Override
                    public void live(java.util.Collection<ExperimentRunner.LiveRun> running) {
                        line[0].live(running);
                    }

                    @Override
                    public void finished() {
                        line[0].finish();
                    }
                });
            } else {
                r = ExperimentRunner.run(x, o.threads(), o.shard(), o.shards(), progress::update, stop,
                        ResultWriter.partsSink(x, a.dir(), o.traces()), progress::live);
                progress.finish();
            }
            if (!o.quiet()) { // the terminal is not silent while the files are written
                err.println("procsim: writing the result files" + (o.formats().isEmpty() ? "" : ", charts and report") + "...");
                err.flush();
            }
            Timings t = new Timings(System.nanoTime() - t0);
            if (warm != null) {
                long w0 = System.nanoTime();
                try {
                    warm.join(); // its scratch folder is gone before the results are written
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                t.warmUp = System.nanoTime() - w0;
            }
            write(r, a.dir(), o, stop, t, from);
            if (o.shards() > 1) ShardMerge.writeData(r, a.dir());
            a.commit();
            if (o.verbose()) {
                err.println("procsim: " + t);
                err.flush();
            }
            return r;
        }
    }

    /** Wall time of each phase, for {@code --verbose}: drawing charts should cost less than simulating. */
    static final class Timings {
        final long simulation;
        /** Waited for the chart warm-up after the simulation ended (it runs beside the simulation): chart time too. */
        long warmUp;
        long files, charts, report;
        int drawn, skipped;

        Timings(long simulation) {
            this.simulation = simulation;
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "simulation %.2f s, result files %.2f s, charts %.2f s (%d drawn%s; %.2f s of it the"
                    + " chart code's warm-up left when the simulation ended), report %.2f s", simulation / 1e9, files / 1e9, (warmUp + charts) / 1e9,
                    drawn, skipped > 0 ? ", " + skipped + " skipped" : "", warmUp / 1e9, report / 1e9);
        }
    }

    /**
     * Renders the charts on up to {@code threads} threads (each chart is its own files, so the
     * bytes do not depend on it); once {@code stop} is set (Ctrl-C) no further chart is begun.
     * Returns the charts drawn, in the order given.
     */
    static List<ChartSpec> renderAll(List<ChartSpec> charts, Path dir, List<ChartRenderer.Format> formats, int threads, AtomicBoolean stop)
            throws IOException {
        int n = Math.max(1, Math.min(threads, charts.size()));
        boolean[] drawn = new boolean[charts.size()];
        if (n == 1) {
            for (int i = 0; i < charts.size() && !stop.get(); i++) {
                ChartRenderer.render(charts.get(i), dir, formats);
                drawn[i] = true;
            }
            return drawnOnes(charts, drawn);
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "procsim-charts");
            t.setDaemon(true);
            return t;
        });
        try {
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int i = 0; i < charts.size(); i++) {
                int k = i;
                done.add(pool.submit(() -> {
                    if (stop.get()) return null;
                    ChartRenderer.render(charts.get(k), dir, formats);
                    drawn[k] = true;
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof IOException io) throw io;
                    if (e.getCause() instanceof RuntimeException re) throw re;
                    throw new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while drawing charts");
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return drawnOnes(charts, drawn); // the futures' completion orders the writes of drawn[] before these reads
    }

    private static List<ChartSpec> drawnOnes(List<ChartSpec> charts, boolean[] drawn) {
        List<ChartSpec> out = new java.util.ArrayList<>();
        for (int i = 0; i < charts.size(); i++) if (drawn[i]) out.add(charts.get(i));
        return out;
    }

    /** Writes every output file into {@code dir}. */
    public static void write(ExperimentRunner.Result r, Path dir, Options o) throws IOException {
        write(r, dir, o, new AtomicBoolean(), new Timings(0), Provenance.of(r.experiment(), o.commandLine()));
    }

    /**
     * Writes the result files (tables and CSV first), then the charts, then the report. Once
     * {@code stop} is set (Ctrl-C) the charts not yet begun are skipped, and the report says so.
     */
    static void write(ExperimentRunner.Result r, Path dir, Options o, AtomicBoolean stop, Timings t, Provenance from) throws IOException {
        long t0 = System.nanoTime();
        List<Aggregate> aggs = Aggregate.of(r);
        ResultWriter.write(r, aggs, dir, from);
        t.files = System.nanoTime() - t0;
        if (o.formats().isEmpty()) return; // no chart format: result files only (a shard made only to be merged)
        t0 = System.nanoTime();
        List<ChartSpec> charts = Charts.build(r, aggs, o.lang());
        Path cd = Files.createDirectories(dir.resolve("charts"));
        List<ChartSpec> drawn = renderAll(charts, cd, o.formats(), o.threads(), stop);
        t.charts = System.nanoTime() - t0;
        t.drawn = drawn.size();
        t.skipped = charts.size() - drawn.size();
        t0 = System.nanoTime();
        Report.write(r, aggs, drawn, charts.size() - drawn.size(), dir, o.lang(), from);
        t.report = System.nanoTime() - t0;
    }
}
