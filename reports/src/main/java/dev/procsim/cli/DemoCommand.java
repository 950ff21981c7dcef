package dev.procsim.cli;

import dev.procsim.workload.Experiment;
import dev.procsim.workload.ExperimentParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true, description = "Run the built-in default experiment: the three core schedulers (time-sharing, non-preemptive, deadline) and the three fork strategies (eager, cow, vfork) on a mixed workload, with charts and a report. Its file is printed by 'procsim demo --print'.")
final class DemoCommand implements Callable<Integer> {
    static final String RESOURCE = "/dev/procsim/cli/demo.yaml";

    @Mixin
    ExperimentOptions options;

    @picocli.CommandLine.Option(names = "--print", description = "Print the demo experiment file and exit.")
    boolean print;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    static String text() throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("missing resource " + RESOURCE);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Override
    public Integer call() throws Exception {
        String text = text();
        if (print) {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
            return 0;
        }
        Experiment x = ExperimentParser.parse("demo.yaml", text, null);
        return options.run(x, 1, 1, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
