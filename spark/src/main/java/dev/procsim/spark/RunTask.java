package dev.procsim.spark;

import dev.procsim.report.files.TraceExport;
import dev.procsim.report.job.ExperimentJob;
import dev.procsim.report.text.Lang;

import dev.procsim.workload.Experiment;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.broadcast.Broadcast;

/**
 * One run on an executor: procsim's shard (run + 1)/N, written into a temporary directory whose
 * files come back zipped. What it needs travels with it: the experiment and the files it names (a
 * broadcast, fetched once per executor however large the task lists), the seed and replications as
 * the driver resolved them, and the output options.
 */
final class RunTask implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Broadcast<ExperimentBundle> experiment;
    private final long seed;
    private final int replications;
    private final int runs;
    private final String lang;
    private final String traces;

    RunTask(Broadcast<ExperimentBundle> experiment, long seed, int replications, int runs, String lang, String traces) {
        this.experiment = experiment;
        this.seed = seed;
        this.replications = replications;
        this.runs = runs;
        this.lang = lang;
        this.traces = traces;
    }

    /** Test hook: the first attempt of this run (a number) fails, as a lost executor would make it. */
    static final String FAIL_FIRST_ATTEMPT = "procsim.spark.failFirstAttemptOf";

    byte[] run(int run) throws IOException {
        org.apache.spark.TaskContext ctx = org.apache.spark.TaskContext.get();
        if (String.valueOf(run).equals(System.getProperty(FAIL_FIRST_ATTEMPT)) && ctx != null && ctx.attemptNumber() == 0) {
            throw new IllegalStateException("run " + run + ": injected failure of its first attempt");
        }
        try {
            return attempt(run);
        } catch (RuntimeException e) {
            throw new IllegalStateException("run " + run + ": " + e.getMessage(), e);
        }
    }

    private byte[] attempt(int run) throws IOException {
        Experiment x = experiment.value().parse().with(seed, replications);
        Path tmp = Files.createTempDirectory("procsim-run");
        try {
            Path out = tmp.resolve("shard");
            // no charts or report: the driver's merge draws them once for the whole experiment
            ExperimentJob.Options o = new ExperimentJob.Options(1, run + 1, runs, Lang.valueOf(lang), List.of(), true, false,
                    TraceExport.Scope.valueOf(traces));
            ExperimentJob.run(x, out, o, new PrintWriter(Writer.nullWriter()), new AtomicBoolean());
            return Zip.zip(out);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            Zip.delete(tmp);
        }
    }
}
