package dev.procsim.workload;

import dev.procsim.engine.RandomStreams;
import dev.procsim.kernel.RunResult;
import dev.procsim.kernel.TaskRecord;
import java.nio.file.Path;
import java.util.List;

/** Small helpers shared by the experiment tests. */
final class ExperimentTestSupport {
    static final Path EXAMPLES = Path.of("..", "examples");

    private ExperimentTestSupport() {}

    /** One finished run of a point. */
    record Ran(Experiment.Instance instance, RunResult result) {
        List<TaskRecord> tasks() {
            return instance.kernel().metrics().tasks();
        }

        TaskRecord task(String name) {
            return tasks().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
        }
    }

    static Ran run(Experiment x, Experiment.Point p, int replication) {
        Experiment.Instance in = x.resolve(p, replication).start(new RandomStreams(x.seed(), replication));
        return new Ran(in, in.run());
    }

    static Experiment parse(String yaml, Path dir) {
        return ExperimentParser.parse("x.yaml", yaml, dir);
    }
}
