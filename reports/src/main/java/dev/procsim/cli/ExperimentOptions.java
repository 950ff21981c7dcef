package dev.procsim.cli;

import dev.procsim.report.chart.ChartRenderer;
import dev.procsim.report.files.TraceExport;
import dev.procsim.report.job.ExperimentJob;
import dev.procsim.report.run.ExperimentRunner;
import dev.procsim.report.text.Lang;

import dev.procsim.workload.Experiment;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Option;

/** Options shared by {@code run} and {@code demo}, and running an experiment with them. */
final class ExperimentOptions {
    /** The command using these options: its command line is recorded with the results (provenance). */
    @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec mixee;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: procsim-out/<experiment name>): a new or empty folder, or a previous procsim result, which is replaced. Anything else is refused (see --force).")
    Path out;

    @Option(names = "--threads", paramLabel = "N", description = "Runs in parallel (default: all cores). Results do not depend on it.")
    Integer threads;

    @Option(names = "--lang", paramLabel = "en|ru", defaultValue = "en", description = "Language of charts and report (default: ${DEFAULT-VALUE}).")
    String lang;

    @Option(names = "--charts", paramLabel = "png,svg,pdf", defaultValue = "png,svg", split = ",",
            description = "Chart formats (default: ${DEFAULT-VALUE}).")
    List<String> charts;

    @Option(names = "--traces", paramLabel = "first|all|none", defaultValue = "first", description = "Write traces/<combination>.json, the schedule of each combination's first replication for Perfetto UI or chrome://tracing (default: ${DEFAULT-VALUE}); all: every run as well (<combination>.rep<N>.json); none.")
    String traces;

    @Option(names = "--quiet", description = "No progress on stderr.")
    boolean quiet;

    @Option(names = "--verbose", description = "Say on stderr how long each phase took: simulation, result files, charts, report.")
    boolean verbose;

    @Option(names = "--force", description = "Write the results into an output directory that also holds files procsim did not write, beside them: none of those is deleted or overwritten. Without it such a directory is refused.")
    boolean force;

    /** The job options these command-line options give (checked: bad values are exit status 2). */
    ExperimentJob.Options jobOptions(int shard, int shards) {
        int n = threads == null ? Math.min(Main.MAX_THREADS, Runtime.getRuntime().availableProcessors()) : threads;
        Main.checkRange("--threads", n); // checked at parsing too (Main.RANGES)
        Lang l;
        try {
            l = Lang.parse(lang);
        } catch (IllegalArgumentException e) {
            throw new Main.BadOption(e.getMessage());
        }
        List<ChartRenderer.Format> formats = new ArrayList<>();
        for (String c : charts) {
            try {
                formats.add(ChartRenderer.Format.valueOf(c.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new Main.BadOption("--charts takes png, svg and pdf, found '" + c + "'");
            }
        }
        if (!formats.contains(ChartRenderer.Format.PNG)) formats.add(0, ChartRenderer.Format.PNG); // the report embeds PNGs
        if (!List.of("first", "all", "none").contains(traces)) {
            throw new Main.BadOption("--traces takes first, all or none, found '" + traces + "'");
        }
        List<String> args = mixee == null || mixee.root().commandLine().getParseResult() == null ? List.of()
                : mixee.root().commandLine().getParseResult().originalArgs();
        return new ExperimentJob.Options(n, shard, shards, l, formats, quiet, force,
                TraceExport.Scope.valueOf(traces.toUpperCase(java.util.Locale.ROOT)), verbose, List.copyOf(args));
    }

    /** --out, or procsim-out/<experiment name>[-shard-K-of-N]. */
    Path outputDir(Experiment x, int shard, int shards) {
        return this.out != null ? this.out : Path.of("procsim-out", x.name() + (shards > 1 ? "-shard-" + shard + "-of-" + shards : ""));
    }

    static void printDone(Experiment x, ExperimentRunner.Result r, Path dir, PrintWriter out) {
        out.println(x.name() + ": " + r.runs().size() + " runs" + (r.partial() ? " (partial: stopped early)" : "") + "; results in "
                + dir.toAbsolutePath().normalize());
        out.println("  report: " + dir.resolve("report.html"));
        out.flush();
    }

    int run(Experiment x, int shard, int shards, PrintWriter out, PrintWriter err) throws Exception {
        ExperimentJob.Options o = jobOptions(shard, shards);
        Path dir = outputDir(x, shard, shards);
        // Ctrl-C: the runs stop (those in progress within a few thousand events), the result files
        // are written with what there is, marked partial, charts not yet begun are skipped (the
        // report says so); the JVM then exits with status 130. If that takes longer than the
        // grace time, what was being written is removed and the output folder stays as it was.
        try (Interrupt ctrlC = Interrupt.install(err, "procsim: stopping (Ctrl-C): writing the runs done so far (tables and CSV; charts not yet drawn are skipped)...")) {
            ExperimentRunner.Result r = ExperimentJob.run(x, dir, o, err, ctrlC.stop(), a -> ctrlC.onTimeout(() -> {
                if (a.abandon()) {
                    err.println("procsim: stopped: the results could not be written within 2 s of Ctrl-C; nothing was kept and "
                            + dir.toAbsolutePath().normalize() + " is as it was (run again, or let it finish)");
                    err.flush();
                }
            }));
            printDone(x, r, dir, out);
            if (r.memoryStop() != null) {
                err.println("procsim: simulation stopped: " + r.memoryStop());
                err.println("procsim: kept " + r.runs().size() + " finished runs in " + dir.toAbsolutePath().normalize());
                err.flush();
                return Main.FAILED;
            }
            if (ctrlC.stop().get()) {
                long cut = r.interrupted();
                if (r.partial()) {
                    err.println("procsim: stopped: kept " + (r.runs().size() - cut) + " finished runs" + (cut > 0 ? " and " + cut
                            + " stopped while running (stop_reason 'interrupted')" : "") + ", marked partial, in " + dir.toAbsolutePath().normalize());
                } else {
                    err.println("procsim: stopped (Ctrl-C) after every run had finished: all " + r.runs().size() + " runs kept (complete, not partial)"
                            + " in " + dir.toAbsolutePath().normalize() + "; charts not yet drawn were skipped");
                }
                err.flush();
                return Interrupt.STATUS;
            }
            return 0;
        }
    }
}
