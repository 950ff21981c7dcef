package dev.procsim.cli;

import dev.procsim.report.files.AtomicFile;
import dev.procsim.workload.Experiment;
import dev.procsim.workload.ExperimentParser;
import dev.procsim.workload.rtapp.RtAppExport;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "export", mixinStandardHelpOptions = true, description = "Write an experiment's workload (its first combination) in another"
        + " tool's format, so that the same workload runs on a real kernel: --rt-app writes rt-app JSON (tasks, phases, run, sleep, timer,"
        + " suspend/resume for pipes, fork), to run with 'rt-app FILE.json' or LISA. What rt-app cannot express is listed on stderr."
        + " Exit status 0 written, 2 a bad experiment or option, 1 a file that could not be written. See the README, 'Recorded traces'.")
final class ExportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "EXPERIMENT.yaml", description = "The experiment whose workload to write.")
    Path file;

    @Option(names = "--rt-app", required = true, description = "Write rt-app JSON (the only format for now).")
    boolean rtApp;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE.json", description = "Where to write (.json); standard output when not given."
            + " An existing file is replaced only if procsim wrote it.")
    Path output;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (output != null && !output.toString().endsWith(".json")) {
            throw new Main.BadOption("--output: the rt-app file's name must end in .json, found '" + output + "'");
        }
        Experiment x = ExperimentParser.read(file);
        Experiment.Setup s = x.resolve(x.points().get(0), 0);
        RtAppExport e = new RtAppExport(s.workload(), s.horizon());
        String text = e.write(x.name(), file.toString());
        if (output == null) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(text);
            out.flush();
        } else {
            AtomicFile.write(output, f -> Files.writeString(f, text, StandardCharsets.UTF_8));
        }
        PrintWriter err = spec.commandLine().getErr();
        say(err, "left out (no rt-app event)", e.dropped());
        say(err, "approximated", e.approximated());
        if (x.points().size() > 1) err.println("procsim: export: the first of " + x.points().size() + " combinations (" + x.points().get(0).label() + ")");
        err.flush();
        return 0;
    }

    private static void say(PrintWriter err, String what, Map<String, Integer> m) {
        if (m.isEmpty()) return;
        StringBuilder b = new StringBuilder("procsim: export: " + what + ":");
        m.forEach((k, v) -> b.append(' ').append(k).append(" x").append(v).append(';'));
        err.println(b.substring(0, b.length() - 1));
    }
}
