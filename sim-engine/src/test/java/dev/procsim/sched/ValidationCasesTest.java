package dev.procsim.sched;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.procsim.engine.SimTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CPU-scheduling cases of shared/validation/README.md, exactly, through the kernel. */
class ValidationCasesTest {
    private static Object[] t(String name, long arrival, long burst) {
        return new Object[] {name, arrival, burst};
    }

    private static Object[] t(String name, long arrival, long burst, int priority) {
        return new Object[] {name, arrival, burst, priority};
    }

    @Test
    void s1Fcfs() {
        TextbookRun r = TextbookRun.of("fcfs", t("P1", 0, 24), t("P2", 0, 3), t("P3", 0, 3));
        assertThat(r.waiting("P1")).isEqualTo(0);
        assertThat(r.waiting("P2")).isEqualTo(24);
        assertThat(r.waiting("P3")).isEqualTo(27);
        assertThat(r.averageWaiting()).isEqualTo(17);
        assertThat(r.averageTurnaround()).isEqualTo(27);
        assertThat(r.gantt()).containsExactly("P1 0-24", "P2 24-27", "P3 27-30");
    }

    @Test
    void s3RoundRobinQuantum4() {
        TextbookRun r = TextbookRun.of("rr", Map.of("quantum", "4ms"), SimTime.MS, 1, t("P1", 0, 24), t("P2", 0, 3), t("P3", 0, 3));
        assertThat(r.gantt()).containsExactly("P1 0-4", "P2 4-7", "P3 7-10", "P1 10-30");
        assertThat(r.waiting("P1")).isEqualTo(6);
        assertThat(r.waiting("P2")).isEqualTo(4);
        assertThat(r.waiting("P3")).isEqualTo(7);
        assertThat(r.averageWaiting()).isCloseTo(17.0 / 3, within(1e-12));
        // P1 alone from 10 to 30 is re-picked at each quantum: no switch counted.
        assertThat(r.kernel.metrics().contextSwitches()).isEqualTo(3);
    }

    @Test
    void s4Sjf() {
        TextbookRun r = TextbookRun.of("sjf", t("P1", 0, 6), t("P2", 0, 8), t("P3", 0, 7), t("P4", 0, 3));
        assertThat(r.gantt()).containsExactly("P4 0-3", "P1 3-9", "P3 9-16", "P2 16-24");
        assertThat(r.averageWaiting()).isEqualTo(7);
    }

    @Test
    void s5Srtf() {
        TextbookRun r = TextbookRun.of("srtf", t("P1", 0, 8), t("P2", 1, 4), t("P3", 2, 9), t("P4", 3, 5));
        assertThat(r.gantt()).containsExactly("P1 0-1", "P2 1-5", "P4 5-10", "P1 10-17", "P3 17-26");
        assertThat(r.averageWaiting()).isEqualTo(6.5);
    }

    @Test
    void s8NonPreemptivePriority() {
        TextbookRun r = TextbookRun.of("priority", Map.of("preemptive", "false"), SimTime.MS, 1,
                t("P1", 0, 10, 3), t("P2", 0, 1, 1), t("P3", 0, 2, 4), t("P4", 0, 1, 5), t("P5", 0, 5, 2));
        assertThat(r.gantt()).containsExactly("P2 0-1", "P5 1-6", "P1 6-16", "P3 16-18", "P4 18-19");
        assertThat(r.averageWaiting()).isCloseTo(8.2, within(1e-12));
    }

    @Test
    void t1TanenbaumBatchInMinutes() {
        Object[][] rows = {t("A", 0, 8), t("B", 0, 4), t("C", 0, 4), t("D", 0, 4)};
        assertThat(TextbookRun.of("fcfs", Map.of(), SimTime.MIN, 1, rows).averageTurnaround()).isEqualTo(14);
        assertThat(TextbookRun.of("sjf", Map.of(), SimTime.MIN, 1, rows).averageTurnaround()).isEqualTo(11);
    }

    @Test
    void preemptivePriorityLetsABetterArrivalIn() {
        // Hand-worked: A (0, 5, prio 2) runs; B (1, 2, prio 1) preempts at 1, runs 1-3; A 3-7.
        TextbookRun r = TextbookRun.of("priority", Map.of("preemptive", "true"), SimTime.MS, 1, t("A", 0, 5, 2), t("B", 1, 2, 1));
        assertThat(r.gantt()).containsExactly("A 0-1", "B 1-3", "A 3-7");
    }

    @Test
    void roundRobinQueuesAnArrivalAtTheQuantumEndBeforeThePreemptedTask() {
        // A (0, 6), B arrives at 2 (2), C arrives at 4 (2), quantum 4: at 4 A's quantum ends and C
        // arrives; C is queued before A (behind B): A 0-4, B 4-6, C 6-8, A 8-10.
        TextbookRun r = TextbookRun.of("rr", Map.of("quantum", "4ms"), SimTime.MS, 1, t("A", 0, 6), t("B", 2, 2), t("C", 4, 2));
        assertThat(r.gantt()).containsExactly("A 0-4", "B 4-6", "C 6-8", "A 8-10");
    }
}
