package dev.procsim.cli;

import dev.procsim.report.job.ShardMerge;
import dev.procsim.report.run.ExperimentRunner;

import dev.procsim.workload.Experiment;
import dev.procsim.workload.ExperimentParser;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true, description = "Run an experiment file: every combination of its compare factors and sweep values, times its replications. Writes experiment.yaml, summary.json, summary.csv, aggregates.csv, aggregates-long.csv, tasks.csv, timeseries.csv, schedule.csv, charts/ and report.html, report.md into the output directory, all at once (nothing half-written).")
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "EXPERIMENT.yaml", description = "The experiment file (see the README's 'Experiment files'); - reads standard input.")
    Path file;

    @Option(names = "--seed", paramLabel = "N", description = "Override the experiment's seed.")
    Long seed;

    @Option(names = "--replications", paramLabel = "N", description = "Override the number of replications.")
    Integer replications;

    @Option(names = "--engine", paramLabel = "NAME", description = "local (default: this JVM's threads) or spark (Apache Spark: local[*] by default, or --master; started by the procsim launcher).")
    String engine = "local";

    @Option(names = "--master", paramLabel = "URL", description = "With --engine spark: the Spark master (local[*] by default; spark://host:7077 for a standalone cluster).")
    String master;

    @Option(names = "--shard", paramLabel = "K/N", description = "Run only the K-th of N deterministic slices of the runs.")
    String shard;

    @Option(names = "--merge", paramLabel = "DIR", arity = "1..*", split = ",", description = "Run nothing: merge the output directories of every shard of this experiment (run with --shard K/N and the same --seed/--replications) into --out; the files are the same, byte for byte, as those of one unsharded run.")
    List<Path> merge;

    @Mixin
    ExperimentOptions options;

    @Mixin
    PluginOptions plugins;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Experiment x = ExperimentParser.read(file);
        if (replications != null) Main.checkRange("--replications", replications); // checked at parsing too (Main.RANGES)
        x = x.with(seed == null ? x.seed() : seed, replications == null ? x.replications() : replications);
        int k = 1, n = 1;
        if (shard != null) {
            String[] p = shard.split("/");
            try {
                k = Integer.parseInt(p[0].strip());
                n = Integer.parseInt(p[1].strip());
            } catch (RuntimeException e) {
                throw new Main.BadOption("--shard must be K/N like 2/4, was '" + shard + "'");
            }
            if (p.length != 2 || n < 1 || k < 1 || k > n) throw new Main.BadOption("--shard must be K/N with 1 <= K <= N, was '" + shard + "'");
        }
        if (merge != null) {
            if (shard != null) throw new Main.BadOption("--merge and --shard do not go together: merging makes the whole result");
            Path dir = options.outputDir(x, 1, 1);
            try {
                ExperimentRunner.Result r = ShardMerge.merge(x, merge, dir, options.jobOptions(1, 1));
                ExperimentOptions.printDone(x, r, dir, spec.commandLine().getOut());
                // shards run the count they are given; with a precision, the merge says whether it was enough, and what to run next
                if (x.statistics().sequential() && !r.partial()) sayNextBatch(x, r, "run the shards again with --replications %d and merge them");
            } catch (ShardMerge.BadShard e) {
                throw new Main.BadOption(e.getMessage());
            }
            return 0;
        }
        if (!engine.equals("local")) {
            if (shard != null) throw new Main.BadOption("--shard is for the local engine; --engine " + engine + " spreads the runs itself");
            if (plugins.given()) throw new Main.BadOption("--plugin is for the local engine: --engine " + engine + "'s workers would not have the jar");
            dev.procsim.report.job.RunEngine e = dev.procsim.report.job.RunEngine.find(engine);
            if (e == null) {
                throw new Main.BadOption(engine.equals("spark")
                        ? "--engine spark needs the Spark module: run it through the procsim launcher (./procsim run FILE --engine spark), which starts it"
                        : "--engine must be local or spark, was '" + engine + "'");
            }
            Path dir = options.outputDir(x, 1, 1);
            Experiment xn = x;
            ExperimentRunner.Result r = e.run(file, xn, dir, master, options.jobOptions(1, 1), spec.commandLine().getErr());
            // a precision: the driver decides each next batch; each is one Spark job of every replication so far (its tasks are independent)
            while (x.statistics().sequential() && !r.partial()) {
                int next = nextCount(xn, r);
                if (next <= xn.replications()) break;
                spec.commandLine().getErr().println("procsim: precision not reached with " + xn.replications() + " replications: running " + next);
                xn = x.with(x.seed(), next);
                r = e.run(file, xn, dir, master, options.jobOptions(1, 1), spec.commandLine().getErr());
            }
            ExperimentOptions.printDone(xn, r, dir, spec.commandLine().getOut());
            return 0;
        }
        if (master != null) throw new Main.BadOption("--master goes with --engine spark");
        if (x.statistics().sequential() && n > 1) {
            spec.commandLine().getErr().println("procsim: a shard runs the replications it is given; the merge says whether the precision was reached");
        }
        return options.run(x, k, n, spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /** The replication count sequential stopping asks for after {@code r} (its own count when the precision is met or the cap reached). */
    static int nextCount(Experiment x, ExperimentRunner.Result r) {
        var d = dev.procsim.report.run.SequentialRunner.decide(x, r.runs());
        int max = x.statistics().maxReplications();
        if (d.met() || x.replications() >= max) return x.replications();
        return dev.procsim.report.stats.SequentialStopping.nextCount(x.replications(), d.needed(), max);
    }

    /** After a merge with a precision: says whether it was reached, and if not the count to run next ({@code how}). */
    private void sayNextBatch(Experiment x, ExperimentRunner.Result r, String how) {
        int next = nextCount(x, r);
        if (next > x.replications()) {
            spec.commandLine().getErr().println("procsim: precision not reached with " + x.replications() + " replications: " + how.formatted(next));
        }
    }
}
