package dev.procsim.cli;

import dev.procsim.report.files.AtomicFile;
import dev.procsim.workload.trace.TraceImport;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "import", mixinStandardHelpOptions = true, description = "Turn a recorded scheduler trace (the text of 'perf script' after"
        + " 'perf sched record -e sched:sched_process_exit', or ftrace/trace-cmd text; .gz read as gzip; streamed) into an experiment file"
        + " that 'procsim run' replays: each task a program of CPU bursts, sleeps and forks, and a sleep another traced task ended a wait"
        + " on that task (a pipe read and write), so that another policy may reorder them. Exit status 0 written, 2 a bad trace"
        + " (file:line:column) or option, 1 a file that could not be read or written. See the README, 'Recorded traces'.")
final class ImportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TRACE", description = "The trace as text (perf script or ftrace), or .gz of it.")
    Path trace;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE.yaml", description = "Where to write the experiment (.yaml); standard output when not given."
            + " An existing file is replaced only if procsim wrote it.")
    Path output;

    @Option(names = "--only", paramLabel = "REGEX", description = "Keep only the tasks whose name (any name they had: exec renames) matches,"
            + " and their descendants; a wake-up by a task left out becomes the sleep it was. Default: every task but the idle task.")
    String only;

    @Option(names = "--name", paramLabel = "NAME", description = "The experiment's name (default: the trace file's name without extension).")
    String name;

    @Option(names = "--schedulers", paramLabel = "NAME,...", split = ",", description = "The policies to replay it under, compared in one"
            + " experiment (default: eevdf, the kernel's own); 'procsim list schedulers' names them.")
    java.util.List<String> schedulers = new java.util.ArrayList<>();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Pattern p = TraceFiles.only(only);
        for (String s : schedulers) {
            if (!dev.procsim.sched.SchedulerRegistry.all().containsKey(s)) {
                throw new Main.BadOption("--schedulers: no policy '" + s + "'; 'procsim list schedulers' names them");
            }
        }
        if (output != null && !(output.toString().endsWith(".yaml") || output.toString().endsWith(".yml"))) {
            throw new Main.BadOption("--output: the experiment file's name must end in .yaml or .yml, found '" + output + "'");
        }
        String source = trace.toString();
        String stem = trace.getFileName().toString().replaceAll("\\.gz$", "").replaceAll("\\.[^.]*$", "");
        String experiment = name != null ? name : stem.replaceAll("[^A-Za-z0-9_.-]+", "-");
        if (experiment.isEmpty()) experiment = "trace";
        final Pattern keep = p;
        final String x = experiment;
        TraceImport.Summary[] s = new TraceImport.Summary[1];
        if (output == null) {
            PrintWriter out = spec.commandLine().getOut();
            s[0] = convert(source, x, keep, out);
            out.flush();
        } else {
            AtomicFile.write(output, f -> {
                try (Writer w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
                    s[0] = convert(source, x, keep, w);
                }
            });
        }
        PrintWriter err = spec.commandLine().getErr();
        TraceImport.Summary r = s[0];
        err.println(String.format(Locale.ROOT, "procsim: imported %s: %,d events (%,d others skipped), %,d of %,d tasks, %d CPUs, %.3f s;"
                + " %,d wake-ups by tasks as %,d pipes, %,d by interrupts as sleeps%s", source, r.events(), r.skipped(), r.kept(), r.tasks(),
                r.cpus(), r.lengthNs() / 1e9, r.wakesFromTasks(), r.pipes(), r.wakesFromInterrupts(),
                output == null ? "" : "; written to " + output));
        err.flush();
        return 0;
    }

    private TraceImport.Summary convert(String source, String x, Pattern keep, Writer w) throws java.io.IOException {
        try (BufferedReader r = TraceFiles.open(trace)) {
            return TraceImport.convert(r, source, x, keep, schedulers, w);
        }
    }
}
