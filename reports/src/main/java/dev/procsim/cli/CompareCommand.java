package dev.procsim.cli;

import dev.procsim.report.compare.ScheduleComparison;
import dev.procsim.report.compare.ScheduleStats;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "compare", mixinStandardHelpOptions = true, description = "Compare two schedules, A the reference: each a recorded trace"
        + " (perf script or ftrace text, .gz read as gzip) or a procsim result folder (its traces/*.sched.txt.gz, written for each run"
        + " that gets a trace). Prints per task and over all: CPU share, wake-up latency (mean, p99), run slices, switch-ins and"
        + " migrations with B's relative error, and the Kolmogorov-Smirnov statistic of the wake-up latencies. Exit status 0, 2 a bad"
        + " trace or argument. See the README, 'Recorded traces'.")
final class CompareCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "A", description = "The reference: a trace file, or a procsim result folder.")
    Path a;

    @Parameters(index = "1", paramLabel = "B", description = "The other: a trace file, or a procsim result folder.")
    Path b;

    @Option(names = "--only", paramLabel = "REGEX", description = "Compare only the tasks whose name matches.")
    String only;

    @Option(names = "--csv", description = "Print CSV (a row per task and one for all, times in ns) instead of the table.")
    boolean csv;

    @Option(names = "--chart", paramLabel = "FILE.png|FILE.svg|FILE.pdf", description = "Also draw the two wake-up latency distributions (CDFs)"
            + " to this file (written all at once; an existing file is replaced only if procsim wrote it).")
    Path chart;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Pattern p = TraceFiles.only(only);
        ScheduleCommand.checkGantt(chart, "--chart");
        Path fa = trace(a), fb = trace(b);
        ScheduleComparison c = new ScheduleComparison(read(fa), read(fb), p);
        if (chart != null) {
            String name = chart.getFileName().toString(), base = name.substring(0, name.lastIndexOf('.'));
            dev.procsim.report.chart.ChartRenderer.Format format = name.endsWith(".png") ? dev.procsim.report.chart.ChartRenderer.Format.PNG
                    : name.endsWith(".pdf") ? dev.procsim.report.chart.ChartRenderer.Format.PDF : dev.procsim.report.chart.ChartRenderer.Format.SVG;
            dev.procsim.report.files.AtomicFile.write(chart, f -> dev.procsim.report.chart.ChartRenderer.render(
                    c.latencyChart(base, fa.getFileName().toString(), fb.getFileName().toString()), f.getParent(), List.of(format)));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(csv ? c.csv() : c.text(fa.toString(), fb.toString()));
        out.flush();
        if (c.rows().isEmpty()) {
            spec.commandLine().getErr().println("procsim: compare: no task is in both schedules (tasks match by COMM-PID, or by a name only one"
                    + " task has on each side)");
            spec.commandLine().getErr().flush();
        }
        return 0;
    }

    /** A trace file as it is; a result folder's one text trace. */
    static Path trace(Path p) throws IOException {
        if (!Files.isDirectory(p)) {
            if (!Files.exists(p)) throw new Main.BadOption(p + ": no such file or folder");
            return p;
        }
        Path traces = p.resolve("traces");
        List<Path> found;
        try (Stream<Path> s = Files.isDirectory(traces) ? Files.list(traces) : Stream.empty()) {
            found = s.filter(f -> f.getFileName().toString().endsWith(".sched.txt.gz")).sorted().toList();
        }
        if (found.size() == 1) return found.get(0);
        if (found.isEmpty()) throw new Main.BadOption(p + ": a result folder without traces/*.sched.txt.gz (run it again without --traces none)");
        throw new Main.BadOption(p + ": " + found.size() + " runs have traces; name one: " + found.stream().limit(4).map(Path::toString).toList()
                + (found.size() > 4 ? " ..." : ""));
    }

    static ScheduleStats read(Path f) throws IOException {
        ScheduleStats s = new ScheduleStats();
        try (BufferedReader r = TraceFiles.open(f)) {
            dev.procsim.workload.trace.TraceImport.read(r, f.toString(), s);
        }
        return s;
    }
}
