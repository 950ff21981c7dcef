package dev.procsim.report.job;

import dev.procsim.report.Report;
import dev.procsim.report.chart.Charts;

import dev.procsim.report.chart.ChartRenderer;
import dev.procsim.report.chart.ChartSpec;
import dev.procsim.report.files.AtomicOutput;
import dev.procsim.report.files.ResultWriter;
import dev.procsim.report.files.TraceExport;
import dev.procsim.report.run.ExperimentRunner;
import dev.procsim.report.run.Progress;
import dev.procsim.report.stats.Aggregate;
import dev.procsim.report.text.Lang;

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
     * replication of every combination, every run, or none.
     */
    public record Options(int threads, int shard, int shards, Lang lang, List<ChartRenderer.Format> formats, boolean quiet, boolean force,
            TraceExport.Scope traces) {}

    public static ExperimentRunner.Result run(Experiment x, Path out, Options o, PrintWriter err, AtomicBoolean stop) throws IOException {
        int total = (ExperimentRunner.runCount(x) + o.shards() - 1 - (o.shard() - 1)) / o.shards();
        Progress progress = new Progress(err, total, o.quiet());
        try (AtomicOutput a = new AtomicOutput(out, o.force())) {
            ExperimentRunner.Result r = ExperimentRunner.run(x, o.threads(), o.shard(), o.shards(), progress::update, stop,
                    ResultWriter.partsSink(x, a.dir(), o.traces()), progress::live);
            progress.finish();
            write(r, a.dir(), o);
            if (o.shards() > 1) ShardMerge.writeData(r, a.dir());
            a.commit();
            return r;
        }
    }

    /** Renders the charts on up to {@code threads} threads (each chart is its own files, so the bytes do not depend on it). */
    static void renderAll(List<ChartSpec> charts, Path dir, List<ChartRenderer.Format> formats, int threads) throws IOException {
        int n = Math.max(1, Math.min(threads, charts.size()));
        if (n == 1) {
            for (ChartSpec c : charts) ChartRenderer.render(c, dir, formats);
            return;
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "procsim-charts");
            t.setDaemon(true);
            return t;
        });
        try {
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (ChartSpec c : charts) done.add(pool.submit(() -> {
                ChartRenderer.render(c, dir, formats);
                return null;
            }));
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
    }

    /** Writes every output file into {@code dir}. */
    public static void write(ExperimentRunner.Result r, Path dir, Options o) throws IOException {
        List<Aggregate> aggs = Aggregate.of(r);
        ResultWriter.write(r, aggs, dir);
        if (o.formats().isEmpty()) return; // no chart format: result files only (a shard made only to be merged)
        List<ChartSpec> charts = Charts.build(r, aggs, o.lang());
        Path cd = Files.createDirectories(dir.resolve("charts"));
        renderAll(charts, cd, o.formats(), o.threads());
        Report.write(r, aggs, charts, dir, o.lang());
    }
}
