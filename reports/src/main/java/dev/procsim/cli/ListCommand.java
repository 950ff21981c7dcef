package dev.procsim.cli;

import dev.procsim.memory.CostProfile;
import dev.procsim.memory.ForkStrategies;
import dev.procsim.sched.SchedulerRegistry;
import dev.procsim.workload.Generator;
import dev.procsim.workload.GeneratorRegistry;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "list", mixinStandardHelpOptions = true, description = "List schedulers, fork strategies, generators or cost profiles, with their parameters and defaults.")
final class ListCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "schedulers|fork-strategies|generators|profiles",
            description = "What to list (default: everything, each kind under its heading).")
    String what;

    @Mixin
    PluginOptions plugins;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (what == null) {
            for (String kind : KINDS) {
                out.println("== " + kind);
                list(kind, out);
                out.println();
            }
        } else {
            list(what, out);
        }
        out.flush();
        return 0;
    }

    static final java.util.List<String> KINDS = java.util.List.of("schedulers", "fork-strategies", "generators", "profiles");

    private static void list(String what, PrintWriter out) {
        switch (what) {
            case "schedulers" -> SchedulerRegistry.all().values().forEach(e -> {
                String from = SchedulerRegistry.pluginSource(e.name());
                out.println(e.name() + ": " + e.description() + (from == null ? "" : " (plug-in from " + from + ")"));
                e.params().forEach(p -> out.println("    " + p.name() + (p.defaultValue().isEmpty() ? " (not set by default)" : " (default " + p.defaultValue() + ")") + ": " + p.description()));
            });
            case "fork-strategies" -> ForkStrategies.all().values().forEach(f -> out.println(f.name() + ": " + f.description()));
            case "generators" -> GeneratorRegistry.all().values().forEach(g -> {
                out.println(g.name() + ": " + g.description());
                for (Generator.Param p : g.params()) {
                    out.println("    " + p.name() + (p.required() ? " (required)" : p.optional() ? " (optional)" : " (default " + p.defaultValue() + ")") + ": "
                            + p.description());
                }
            });
            case "profiles" -> {
                for (String name : CostProfile.NAMES) {
                    CostProfile c = CostProfile.load(name);
                    out.println(name + ":");
                    c.costs().forEach((k, v) -> out.println("    " + k + ": " + dev.procsim.engine.SimTime.format(v)));
                }
            }
            default -> throw new Main.BadOption("list takes schedulers, fork-strategies, generators or profiles, found '" + what + "'"
                    + dev.procsim.workload.Suggest.hint(what, KINDS));
        }
    }
}
