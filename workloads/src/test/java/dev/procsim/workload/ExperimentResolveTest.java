package dev.procsim.workload;

import static dev.procsim.workload.ExperimentTestSupport.EXAMPLES;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each sweep point is resolved once, and what a run gets does not depend on the order runs ask for it. */
class ExperimentResolveTest {
    @Test
    void aFixedWorkloadIsBuiltOncePerSweepPointAndEachRunGetsItsOwnKernelSettings() {
        Experiment x = ExperimentParser.read(EXAMPLES.resolve("cow-vs-eager.yaml"));
        List<Experiment.Point> pts = x.points();
        // points 0..3: the first sweep point under eager, cow, odf and vfork
        Experiment.Setup eager = x.resolve(pts.get(0), 0);
        Experiment.Setup cow = x.resolve(pts.get(1), 2);
        Experiment.Setup vfork = x.resolve(pts.get(3), 1);
        assertThat(pts.get(0).sweep()).isEqualTo(pts.get(3).sweep());
        assertThat(cow.workload()).isSameAs(eager.workload()).isSameAs(vfork.workload());
        assertThat(List.of(eager.kernel().defaultForkStrategy, cow.kernel().defaultForkStrategy, vfork.kernel().defaultForkStrategy))
                .containsExactly("eager", "cow", "vfork");
        assertThat(eager.kernel()).isNotSameAs(cow.kernel());
        assertThat(eager.scheduler()).isNotSameAs(cow.scheduler());
        // another sweep point has its own workload (the first sweep key varies slowest: with 4 fork
        // strategies and 4 write fractions, point 16 has the next parent size)
        Experiment.Point other = pts.get(4 * 4);
        assertThat(other.sweep()).isNotEqualTo(pts.get(0).sweep());
        assertThat(x.resolve(other, 0).workload().processes().get(0).memoryBytes())
                .isNotEqualTo(eager.workload().processes().get(0).memoryBytes());
    }

    @Test
    void aWorkloadDrawnAtSetupIsDrawnPerReplicationWhateverTheOrderOfRuns() {
        // compare-schedulers draws Poisson arrival times while building: each replication has its own.
        Experiment x = ExperimentParser.read(EXAMPLES.resolve("compare-schedulers.yaml"));
        Experiment y = ExperimentParser.read(EXAMPLES.resolve("compare-schedulers.yaml"));
        List<Experiment.Point> pts = x.points();
        int reps = 3;
        // x in run order, y backwards: the cache sees the points in opposite orders
        List<Object> forward = new java.util.ArrayList<>();
        for (Experiment.Point p : pts) for (int r = 0; r < reps; r++) forward.add(x.resolve(p, r).workload().processes());
        List<Object> backward = new java.util.ArrayList<>();
        for (int i = pts.size() - 1; i >= 0; i--) {
            for (int r = reps - 1; r >= 0; r--) backward.add(0, y.resolve(pts.get(i), r).workload().processes());
        }
        assertThat(forward).isEqualTo(backward);
        // replications differ, and every scheduler of a replication sees the same arrivals
        assertThat(forward.get(0)).isNotEqualTo(forward.get(1));
        assertThat(forward.get(0)).isEqualTo(forward.get(reps));
    }
}
