package dev.procsim.report;

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
     * deleting them); {@code traces}: a trace file (Perfetto / chrome://tracing) for the first
     * replication of every combination.
     */
    public record Options(int threads, int shard, int shards, Lang lang, List<ChartRenderer.Format> formats, boolean quiet, boolean force,
            boolean traces) {}

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

    /** Writes every output file into {@code dir}. */
    public static void write(ExperimentRunner.Result r, Path dir, Options o) throws IOException {
        List<Aggregate> aggs = Aggregate.of(r);
        ResultWriter.write(r, aggs, dir);
        List<ChartSpec> charts = Charts.build(r, aggs, o.lang());
        Path cd = Files.createDirectories(dir.resolve("charts"));
        for (ChartSpec c : charts) ChartRenderer.render(c, cd, o.formats());
        Report.write(r, aggs, charts, dir, o.lang());
    }
}
