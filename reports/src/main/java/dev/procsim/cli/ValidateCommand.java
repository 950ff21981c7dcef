package dev.procsim.cli;

import dev.procsim.workload.Experiment;
import dev.procsim.workload.ExperimentParser;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "validate", mixinStandardHelpOptions = true, description = "Check an experiment file without running it: every problem is reported with file, line, column and key. Exit status 0 when it is valid, 2 when not.")
final class ValidateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "EXPERIMENT.yaml", description = "The experiment file to check; - reads standard input.")
    Path file;

    @Mixin
    PluginOptions plugins;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Experiment x = ExperimentParser.read(file);
        var out = spec.commandLine().getOut();
        out.println(file + ": ok: experiment '" + x.name() + "', " + x.points().size() + " combinations x " + x.replications()
                + " replications = " + x.points().size() * x.replications() + " runs");
        out.flush();
        return 0;
    }
}
