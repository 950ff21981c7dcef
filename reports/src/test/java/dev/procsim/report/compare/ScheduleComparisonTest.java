package dev.procsim.report.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.procsim.workload.trace.SchedTraceReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The measures of a schedule and the distances between two, on cases worked out by hand. */
class ScheduleComparisonTest {
    /*
     * One CPU. a (100) runs 1.0000-1.0005 s, forks b (101, sched_wakeup_new at 1.000301), sleeps; b runs 1.0005-1.0020 (waking a at
     * 1.0015) and exits; a runs 1.0020-1.0030, sleeps; woken by idle at 1.0130, runs 1.0131-1.0140 and exits. By hand: a: CPU
     * 0.5 + 1.0 + 0.9 = 2.4 ms, slices 0.5, 1.0, 0.9 ms, 3 switch-ins, latencies 0.5 ms (1.0015 -> 1.0020) and 0.1 ms
     * (1.0130 -> 1.0131); b: CPU 1.5 ms, one slice, latency 0.199 ms (1.000301 -> 1.0005). Length 14 ms.
     */
    static final String T = """
                      <idle>-0       [000] d..2.     1.000000: sched_switch: prev_comm=swapper/0 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=a next_pid=100 next_prio=120
                           a-100     [000] d..2.     1.000300: sched_process_fork: comm=a pid=100 child_comm=b child_pid=101
                           a-100     [000] d..2.     1.000301: sched_wakeup_new: comm=b pid=101 prio=120 target_cpu=000
                           a-100     [000] d..2.     1.000500: sched_switch: prev_comm=a prev_pid=100 prev_prio=120 prev_state=S ==> next_comm=b next_pid=101 next_prio=120
                           b-101     [000] d..2.     1.001500: sched_waking: comm=a pid=100 prio=120 target_cpu=000
                           b-101     [000] d..2.     1.002000: sched_switch: prev_comm=b prev_pid=101 prev_prio=120 prev_state=X ==> next_comm=a next_pid=100 next_prio=120
                           a-100     [000] d..2.     1.003000: sched_switch: prev_comm=a prev_pid=100 prev_prio=120 prev_state=S ==> next_comm=swapper/0 next_pid=0 next_prio=120
                      <idle>-0       [000] d..2.     1.013000: sched_waking: comm=a pid=100 prio=120 target_cpu=000
                      <idle>-0       [000] d..2.     1.013100: sched_switch: prev_comm=swapper/0 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=a next_pid=100 next_prio=120
                           a-100     [000] d..2.     1.014000: sched_switch: prev_comm=a prev_pid=100 prev_prio=120 prev_state=X ==> next_comm=swapper/0 next_pid=0 next_prio=120
            """;

    static ScheduleStats stats(String text) throws IOException {
        ScheduleStats s = new ScheduleStats();
        new SchedTraceReader("t.txt", s).read(new BufferedReader(new StringReader(text)));
        return s;
    }

    @Test
    void eachTasksMeasuresAreTheHandWorkedOnes() throws IOException {
        ScheduleStats s = stats(T);
        assertThat(s.length()).isEqualTo(14_000_000);
        ScheduleStats.Task a = s.tasks().get(0), b = s.tasks().get(1);
        assertThat(a.key()).isEqualTo("a-100");
        assertThat(a.cpuTime()).isEqualTo(2_400_000);
        assertThat(a.slices()).containsExactly(500_000, 1_000_000, 900_000);
        assertThat(a.switchIns()).isEqualTo(3);
        assertThat(a.latencies()).containsExactly(500_000, 100_000);
        assertThat(b.key()).isEqualTo("b-101");
        assertThat(b.cpuTime()).isEqualTo(1_500_000);
        assertThat(b.latencies()).containsExactly(199_000);
        assertThat(a.migrations()).isZero();
    }

    @Test
    void aScheduleAgainstItselfHasNoDistance() throws IOException {
        ScheduleComparison c = new ScheduleComparison(stats(T), stats(T), null);
        assertThat(c.rows()).extracting(ScheduleComparison.Row::name).containsExactly("a-100", "b-101");
        assertThat(c.ks()).isZero();
        ScheduleComparison.Measures m = c.overall().a();
        assertThat(m.share()).isCloseTo(3.9 / 14, within(1e-12)); // 2.4 + 1.5 ms of 14
        assertThat(m.latencyMean()).isCloseTo((500_000 + 100_000 + 199_000) / 3.0, within(1e-9));
        assertThat(m.latencyP50()).isEqualTo(199_000); // nearest rank: the 2nd of 100, 199, 500 us
        assertThat(m.latencyP99()).isEqualTo(500_000);
        assertThat(c.text("A", "B")).contains("Kolmogorov-Smirnov D = 0.000", "+0%");
        // as CSV: all = 3.9 ms of 14; latencies 100, 199, 500 us; slices 0.5, 1.0, 0.9 and 1.5 ms (mean 0.975 ms); 4 switch-ins
        assertThat(c.csv().lines().toList()).hasSize(4).last().isEqualTo(
                "all,0.278571,0.278571,3,3,266333.3,266333.3,199000,199000,500000,500000,975000.0,975000.0,4,4,0,0,0.000000");
    }

    @Test
    void theKolmogorovSmirnovStatisticAndPercentilesOnSmallSamples() {
        // F_a and F_b step at 1, 2, 3 and 2, 3, 4: the gap is 1/3 after 1 (1/3 - 0), after 2 (2/3 - 1/3) and after 3 (1 - 2/3)
        assertThat(ScheduleComparison.ks(new long[] {1, 2, 3}, new long[] {2, 3, 4})).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(ScheduleComparison.ks(new long[] {1, 2}, new long[] {5, 6})).isEqualTo(1.0); // apart
        assertThat(ScheduleComparison.ks(new long[] {1}, new long[0])).isNaN();
        long[] v = new long[100];
        for (int i = 0; i < 100; i++) v[i] = i + 1;
        assertThat(ScheduleComparison.percentile(v, 99)).isEqualTo(99);
        assertThat(ScheduleComparison.percentile(v, 50)).isEqualTo(50);
        assertThat(ScheduleComparison.percentile(new long[] {7}, 99)).isEqualTo(7);
        assertThat(ScheduleComparison.err(2, 3)).isEqualTo(0.5);
        assertThat(ScheduleComparison.err(0, 3)).isNaN();
    }

    @Test
    void aReplayedTaskNamedCommPidMatchesTheRecordedTask() throws IOException {
        // B is a procsim run of the import: its tasks are named a-100 and b-101, with procsim's own PIDs
        String b = T.replace("next_comm=a next_pid=100", "next_comm=a-100 next_pid=2").replace("prev_comm=a prev_pid=100", "prev_comm=a-100 prev_pid=2")
                .replace("comm=a pid=100", "comm=a-100 pid=2").replace("next_comm=b next_pid=101", "next_comm=b-101 next_pid=3")
                .replace("prev_comm=b prev_pid=101", "prev_comm=b-101 prev_pid=3").replace("comm=b pid=101", "comm=b-101 pid=3")
                .replace("a-100     [", "a-100-2   [").replace("b-101     [", "b-101-3   [");
        ScheduleComparison c = new ScheduleComparison(stats(T), stats(b), null);
        assertThat(c.rows()).extracting(ScheduleComparison.Row::name).containsExactly("a-100", "b-101");
        assertThat(c.onlyA()).isEmpty();
        assertThat(c.onlyB()).isEmpty();
        assertThat(c.rows().get(0).b().share()).isEqualTo(c.rows().get(0).a().share());
        assertThat(List.of(c.ks())).containsExactly(0.0);
    }
}
