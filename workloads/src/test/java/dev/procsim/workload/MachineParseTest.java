package dev.procsim.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.procsim.kernel.KernelConfig;
import dev.procsim.kernel.Topology;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The machine's shape in an experiment file: topology, run queues, migration cost, CPU lists; each mistake at its line and column. */
class MachineParseTest {
    static final String BODY = "compare: {scheduler: [cfs]}\nworkload:\n  processes:\n    - {name: a, program: [{compute: 1ms}]}\n";

    static Experiment parse(String head) {
        return ExperimentParser.parse("m.yaml", "name: m\n" + head + BODY, Path.of("."));
    }

    static String error(String head) {
        try {
            parse(head);
        } catch (InputException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected an error for\n" + head);
    }

    static KernelConfig kernel(Experiment x) {
        return x.resolve(x.points().get(0), 0).kernel();
    }

    @Test
    void aTopologyGivesTheCpusAndPerCpuQueues() {
        KernelConfig k = kernel(parse("kernel: {topology: {nodes: 2, llc_per_node: 2, cores_per_llc: 4, smt: 2}}\n"));
        assertThat(k.cpus).isEqualTo(32);
        assertThat(k.runQueue).isEqualTo(KernelConfig.RunQueue.PER_CPU);
        assertThat(k.topology()).isEqualTo(new Topology(2, 2, 4, 2));
        KernelConfig preset = kernel(parse("kernel: {topology: server-2s-32c64t, run_queue: global}\n"));
        assertThat(preset.cpus).isEqualTo(64);
        assertThat(preset.runQueue).isEqualTo(KernelConfig.RunQueue.GLOBAL);
        KernelConfig plain = kernel(parse("cpus: 4\n"));
        assertThat(plain.runQueue).isEqualTo(KernelConfig.RunQueue.GLOBAL); // cpus alone: today's one queue
        KernelConfig cost = kernel(parse("cpus: 4\nkernel: {run_queue: per-cpu, migration_cost: {llc: 20us, cross_node: 0.1ms}, slice_tick: 4ms}\n"));
        assertThat(cost.migrationCost).containsExactly(0, 0, 20_000, 0, 100_000);
        assertThat(cost.sliceTick).isEqualTo(4_000_000);
    }

    @Test
    void mistakesAreNamedWhereTheyAre() {
        assertThat(error("kernel: {topology: laptop}\n")).contains("m.yaml:2:20: kernel.topology: unknown topology 'laptop'")
                .contains("laptop-4c8t");
        assertThat(error("cpus: 8\nkernel: {topology: {cores_per_llc: 4}}\n")).contains("m.yaml:2:7: cpus: cpus is 8 but kernel.topology")
                .contains("has 4 CPUs");
        assertThat(error("kernel: {topology: {cores: 4}}\n")).contains("m.yaml:2:21: kernel.topology.cores: unknown key 'cores'");
        assertThat(error("kernel: {topology: {nodes: 64, cores_per_llc: 128}}\n")).contains("at most 4096 CPUs, found 8192");
        assertThat(error("cpus: 2\nkernel: {run_queue: local}\n")).contains("m.yaml:3:21: kernel.run_queue: expected 'global'")
                .contains("found 'local'");
    }

    @Test
    void cpuListsAreCheckedAgainstTheMachineAndTheQueues() {
        String pinned = "workload:\n  processes:\n    - {name: p, cpus: [0, 5], program: [{compute: 1ms}]}\n";
        String global = ExperimentParserTestError.of("name: m\ncpus: 4\ncompare: {scheduler: [cfs]}\n" + pinned);
        assertThat(global).contains("m.yaml:6:23: workload.processes[0].cpus: CPU 5 does not exist: this machine has 4 CPUs (0-3)");
        // one shared queue: cfs picks among the tasks a CPU may run; sched-deadline cannot, and is named
        assertThat(kernel(ExperimentParser.parse("m.yaml", "name: m\ncpus: 8\ncompare: {scheduler: [cfs, rr]}\n" + pinned, Path.of("."))).runQueue)
                .isEqualTo(KernelConfig.RunQueue.GLOBAL);
        String refused = ExperimentParserTestError.of("name: m\ncpus: 8\ncompare: {scheduler: [cfs, sched-deadline]}\n" + pinned);
        assertThat(refused).contains("m.yaml:6:23: workload.processes[0].cpus: CPU affinity needs one run queue per CPU with sched-deadline")
                .doesNotContain("with cfs");
        String action = ExperimentParserTestError.of("name: m\ncpus: 2\nkernel: {run_queue: per-cpu}\ncompare: {scheduler: [cfs]}\n"
                + "workload:\n  processes:\n    - {name: p, program: [{affinity: '0-2'}, {compute: 1ms}]}\n");
        assertThat(action).contains("workload.processes[0].program[0].affinity: CPU 2 does not exist: this machine has 2 CPUs (0-1)");
        assertThat(ExperimentParserTestError.of("name: m\ncpus: 2\nkernel: {run_queue: per-cpu}\ncompare: {scheduler: [cfs]}\n"
                + "workload:\n  processes:\n    - {name: p, cpus: '1-', program: [{compute: 1ms}]}\n")).contains("expected a CPU list such as 0-3,8");
    }

    @Test
    void aCpusetIsCheckedLikeACpuList() {
        assertThat(kernel(parse("cpus: 4\nkernel: {run_queue: per-cpu, cpuset: '2-3'}\n")).workloadCpuset).hasToString("2-3");
        assertThat(kernel(parse("cpus: 4\nkernel: {cpuset: [1]}\n")).workloadCpuset).hasToString("1"); // one shared queue: fine with cfs
        assertThat(ExperimentParserTestError.of("name: m\ncpus: 4\nkernel: {cpuset: [1]}\ncompare: {scheduler: [{name: time-sharing, preset: linux-o1}]}\n"))
                .contains("m.yaml:3:18: kernel.cpuset: a cpuset needs one run queue per CPU with time-sharing");
        assertThat(error("cpus: 4\nkernel: {run_queue: per-cpu, cpuset: [4]}\n")).contains("kernel.cpuset: CPU 4 does not exist");
        assertThat(ExperimentParserTestError.of("name: m\ncpus: 4\nkernel: {run_queue: per-cpu, cpuset: '2-3'}\ncompare: {scheduler: [cfs]}\n"
                + "workload:\n  processes:\n    - {name: p, cpus: [0, 1], program: [{compute: 1ms}]}\n"))
                .contains("workload.processes[0].cpus: none of CPUs 0-1 is in kernel.cpuset 2-3");
    }

    /** The message of the error a whole file gives. */
    static final class ExperimentParserTestError {
        static String of(String text) {
            try {
                ExperimentParser.parse("m.yaml", text, Path.of("."));
            } catch (InputException e) {
                return e.getMessage();
            }
            throw new AssertionError("expected an error for\n" + text);
        }
    }
}
