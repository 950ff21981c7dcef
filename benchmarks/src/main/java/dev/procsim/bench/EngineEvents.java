package dev.procsim.bench;

import dev.procsim.engine.RandomStreams;
import dev.procsim.workload.Experiment;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Engine events fired and processes arrived in whole-simulation benchmarks, which JMH reports per
 * second beside the primary score (the {@code events} and {@code arrivals} secondary results);
 * and how those benchmarks start a run.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class EngineEvents {
    public long events;
    /** Processes that arrived (the kernel fires the arrivals of one instant as one event). */
    public long arrivals;

    @Setup(Level.Iteration)
    public void reset() {
        events = 0;
        arrivals = 0;
    }

    /** Replication {@code replication} of the first point of an experiment, ready to run, as {@code procsim run} builds it. */
    static Experiment.Instance start(Experiment x, int replication) {
        return x.resolve(x.points().get(0), replication).start(new RandomStreams(x.seed(), replication));
    }
}
