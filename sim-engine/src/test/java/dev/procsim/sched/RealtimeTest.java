package dev.procsim.sched;

import static org.assertj.core.api.Assertions.assertThat;

import dev.procsim.engine.RandomStreams;
import dev.procsim.engine.SimTime;
import dev.procsim.kernel.Action;
import dev.procsim.kernel.FixedCostMemory;
import dev.procsim.kernel.Kernel;
import dev.procsim.kernel.KernelConfig;
import dev.procsim.kernel.ProcessSpec;
import dev.procsim.kernel.ProgramSet;
import dev.procsim.kernel.RealtimeStats;
import dev.procsim.kernel.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Real-time scheduling against real-time theory (shared/validation R1, R3, bounds). */
class RealtimeTest {
    private static final long MS = SimTime.MS;

    /** {wcet, period[, deadline]} in ns. */
    static List<Task> run(String scheduler, Map<String, String> params, long horizon, long[]... tasks) {
        Map<String, List<Action>> programs = new LinkedHashMap<>();
        for (int i = 0; i < tasks.length; i++) {
            long[] t = tasks[i];
            long deadline = t.length > 2 ? t[2] : t[1];
            programs.put("T" + (i + 1), List.of(new Action.Periodic(t[1], t[0], deadline, 0, -1)));
        }
        Kernel k = new Kernel(new KernelConfig(), SchedulerRegistry.create(scheduler, params), new FixedCostMemory(),
                ProgramSet.of(programs), new RandomStreams(1));
        List<Task> out = new ArrayList<>();
        for (int i = 0; i < tasks.length; i++) out.add(k.addProcess(ProcessSpec.of("T" + (i + 1), 0, "T" + (i + 1))));
        k.run(horizon);
        return out;
    }

    static long missed(List<Task> ts) {
        return ts.stream().mapToLong(t -> t.realtime().missed()).sum();
    }

    @Test
    void r1RateMonotonicMeetsEveryDeadlineAboveTheLiuLaylandBound() {
        // (3,7) (3,12) (5,20): U = 0.9286 > 0.7798; response-time analysis gives 3, 6, 20.
        List<Task> ts = run("rm", Map.of(), 420 * MS, new long[] {3 * MS, 7 * MS}, new long[] {3 * MS, 12 * MS}, new long[] {5 * MS, 20 * MS});
        assertThat(missed(ts)).isZero();
        assertThat(ts).extracting(t -> t.realtime().responseMax()).containsExactly(3 * MS, 6 * MS, 20 * MS);
        // Over the hyperperiod 420 ms: 60, 35, 21 jobs released in [0, 420) plus one each at 420.
        assertThat(ts).extracting(t -> t.realtime().released()).containsExactly(61L, 36L, 22L);
    }

    @Test
    void r3HarmonicSetNoMissesRmResponsesExactly3_9_36() {
        long[][] set = {{3 * MS, 10 * MS}, {6 * MS, 20 * MS}, {12 * MS, 40 * MS}};
        List<Task> rm = run("rm", Map.of(), 400 * MS, set);
        assertThat(missed(rm)).isZero();
        assertThat(rm).extracting(t -> t.realtime().responseMax()).containsExactly(3 * MS, 9 * MS, 36 * MS);
        assertThat(missed(run("edf", Map.of(), 400 * MS, set))).isZero();
        assertThat(missed(run("deadline", Map.of(), 400 * MS, set))).isZero();
    }

    static double[] uunifast(int n, double u, SplittableRandom r) {
        return UUniFast.utilisations(n, u, r::nextDouble);
    }

    /** Tasks with periods log-uniform in [10, 200] ms (whole ms) and wcet = floor(u * period) ns. */
    static long[][] taskSet(int n, double u, SplittableRandom r) {
        double[] us = uunifast(n, u, r);
        long[][] set = new long[n][];
        for (int i = 0; i < n; i++) {
            long period = Math.round(Math.exp(Math.log(10) + r.nextDouble() * (Math.log(200) - Math.log(10)))) * MS;
            long wcet = Math.max(1, (long) Math.floor(us[i] * period));
            set[i] = new long[] {wcet, period};
        }
        return set;
    }

    @Test
    void uunifastSumsToUAndEachShareIsInUnitInterval() {
        SplittableRandom r = new SplittableRandom(3);
        for (int trial = 0; trial < 1000; trial++) {
            int n = 1 + r.nextInt(20);
            double u = 0.1 + r.nextDouble() * 3;
            double[] us = uunifast(n, u, r);
            double sum = 0;
            for (double x : us) {
                assertThat(x).isBetween(0.0, u);
                sum += x;
            }
            assertThat(sum).isCloseTo(u, org.assertj.core.api.Assertions.within(1e-9));
        }
    }

    @Test
    void edfNeverMissesWhenUtilisationIsAtMostOne() {
        SplittableRandom r = new SplittableRandom(42);
        for (int trial = 0; trial < 40; trial++) {
            int n = 2 + r.nextInt(9);
            double u = 0.5 + r.nextDouble() * 0.5;
            long[][] set = taskSet(n, u, r);
            List<Task> ts = run("edf", Map.of(), 2 * SimTime.S, set);
            assertThat(missed(ts)).as("trial %d: n %d, U %.3f", trial, n, u).isZero();
        }
    }

    @Test
    void rmNeverMissesUnderTheLiuLaylandBound() {
        SplittableRandom r = new SplittableRandom(7);
        for (int trial = 0; trial < 40; trial++) {
            int n = 2 + r.nextInt(9);
            double bound = n * (Math.pow(2, 1.0 / n) - 1);
            double u = bound * (0.5 + 0.5 * r.nextDouble());
            List<Task> ts = run("rm", Map.of(), 2 * SimTime.S, taskSet(n, u, r));
            assertThat(missed(ts)).as("trial %d: n %d, U %.3f <= %.3f", trial, n, u, bound).isZero();
        }
    }

    @Test
    void overloadDropWhenInfeasibleMissesNoMoreThanAbortAndBothBeatContinue() {
        SplittableRandom r = new SplittableRandom(2026);
        for (int trial = 0; trial < 10; trial++) {
            int n = 3 + r.nextInt(6);
            long[][] set = taskSet(n, 1.2 + 0.3 * r.nextDouble(), r);
            long drop = missed(run("deadline", Map.of("on_miss", "drop-when-infeasible"), 2 * SimTime.S, set));
            long abort = missed(run("deadline", Map.of("on_miss", "abort-at-deadline"), 2 * SimTime.S, set));
            long cont = missed(run("deadline", Map.of("on_miss", "continue"), 2 * SimTime.S, set));
            assertThat(drop).as("trial %d", trial).isLessThanOrEqualTo(abort);
            assertThat(abort).as("trial %d", trial).isLessThan(cont);
        }
    }

    @Test
    void missAccountingCountsDroppedAndAbortedAsMissed() {
        // One task, wcet 6 ms every 5 ms (U = 1.2): never feasible.
        long[] t = {6 * MS, 5 * MS};
        RealtimeStats drop = run("deadline", Map.of(), 50 * MS, t).get(0).realtime();
        // Released at 0, 5, ..., 50: 11 jobs; each is infeasible at release: dropped at once.
        assertThat(drop.released()).isEqualTo(11);
        assertThat(drop.dropped()).isEqualTo(11);
        assertThat(drop.completed()).isZero();
        // Jobs with deadlines within 50 ms: those released at 0..45: 10 missed; the one at 50 was dropped too.
        assertThat(drop.missed()).isEqualTo(11);
        RealtimeStats abort = run("deadline", Map.of("on_miss", "abort-at-deadline"), 50 * MS, t).get(0).realtime();
        // Each job runs 5 ms and is aborted at its deadline: 10 aborted by 50 ms; the 11th is running.
        assertThat(abort.aborted()).isEqualTo(10);
        assertThat(abort.completed()).isZero();
        assertThat(abort.missed()).isEqualTo(10);
        RealtimeStats cont = run("edf", Map.of(), 50 * MS, t).get(0).realtime();
        // Jobs complete at 6, 12, ..., 48: 8 completed, all late; jobs due by 50 ms: 10, all missed.
        assertThat(cont.completed()).isEqualTo(8);
        assertThat(cont.missed()).isEqualTo(10);
        assertThat(cont.responseMin()).isEqualTo(6 * MS);
    }

    @Test
    void aJobCompletingExactlyAtItsDeadlineMeetsItUnderEveryOnMissRule() {
        // A (wcet 10, period 10): every job ends exactly at its deadline, response 10 ms. Over
        // [0, 100 ms]: 11 released (0..100), 10 completed (the one released at 100 is running), none missed.
        for (String scheduler : List.of("edf", "rm", "dm", "deadline")) {
            for (String onMiss : List.of("abort-at-deadline", "continue", "drop-when-infeasible")) {
                RealtimeStats a = run(scheduler, Map.of("on_miss", onMiss), 100 * MS, new long[] {10 * MS, 10 * MS}).get(0).realtime();
                assertThat(a.completed()).as("%s %s", scheduler, onMiss).isEqualTo(10);
                assertThat(a.missed()).as("%s %s", scheduler, onMiss).isZero();
                assertThat(a.aborted()).as("%s %s", scheduler, onMiss).isZero();
                assertThat(a.responseMax()).isEqualTo(10 * MS);
            }
        }
        // rm, A (2, 4) and B (4, 8): A 0-2, B 2-4, A 4-6, B 6-8: B ends at its deadline 8 in every period.
        List<Task> ts = run("rm", Map.of("on_miss", "abort-at-deadline"), 80 * MS, new long[] {2 * MS, 4 * MS}, new long[] {4 * MS, 8 * MS});
        assertThat(missed(ts)).isZero();
        assertThat(ts).extracting(t -> t.realtime().completed()).containsExactly(20L, 10L);
        assertThat(ts.get(1).realtime().responseMax()).isEqualTo(8 * MS);
    }

    /** {wcet, period, deadline, offset} in ns, tasks listed (and PIDs given) in order. */
    static List<Task> runWithOffsets(String scheduler, long horizon, long[]... tasks) {
        Map<String, List<Action>> programs = new LinkedHashMap<>();
        for (int i = 0; i < tasks.length; i++) {
            long[] t = tasks[i];
            programs.put("T" + (i + 1), List.of(new Action.Periodic(t[1], t[0], t[2], t[3], -1)));
        }
        Kernel k = new Kernel(new KernelConfig(), SchedulerRegistry.create(scheduler, Map.of()), new FixedCostMemory(),
                ProgramSet.of(programs), new RandomStreams(1));
        List<Task> out = new ArrayList<>();
        for (int i = 0; i < tasks.length; i++) out.add(k.addProcess(ProcessSpec.of("T" + (i + 1), 0, "T" + (i + 1))));
        k.run(horizon);
        return out;
    }

    @Test
    void equalPrioritiesGoToTheEarlierReleaseThenToTheTaskListedFirst() {
        // rm: H (2, 5), A (4, 10), B (1, 10). H 0-2, A 2-5, H 5-7 preempts A; A and B tie on the
        // period and on the release (0): A, listed first, goes on 7-8, then B 8-9. (Ordered by entry
        // into the ready queue, B, queued since 0, would run before A, queued again at 5.)
        List<Task> rm = runWithOffsets("rm", 100 * MS, new long[] {2 * MS, 5 * MS, 5 * MS, 0},
                new long[] {4 * MS, 10 * MS, 10 * MS, 0}, new long[] {1 * MS, 10 * MS, 10 * MS, 0});
        assertThat(rm).extracting(t -> t.realtime().responseMin()).containsExactly(2 * MS, 8 * MS, 9 * MS);
        assertThat(rm).extracting(t -> t.realtime().responseMax()).containsExactly(2 * MS, 8 * MS, 9 * MS);
        // edf: X (3, 10), Y (2, 10), Z (2, 10, deadline 7, offset 1). X 0-1; Z (deadline 8) preempts
        // 1-3; X and Y tie on deadline 10 and release 0: X, listed first, 3-5, then Y 5-7.
        List<Task> edf = runWithOffsets("edf", 100 * MS, new long[] {3 * MS, 10 * MS, 10 * MS, 0},
                new long[] {2 * MS, 10 * MS, 10 * MS, 0}, new long[] {2 * MS, 10 * MS, 7 * MS, 1 * MS});
        assertThat(edf).extracting(t -> t.realtime().responseMax()).containsExactly(5 * MS, 7 * MS, 2 * MS);
        assertThat(edf).extracting(t -> t.realtime().responseMin()).containsExactly(5 * MS, 7 * MS, 2 * MS);
    }

    @Test
    void simultaneousEqualJobsGoToTheTaskListedFirstNotToTheOlderReleaseTimer() {
        // dm and edf: T1 (1 ms every 3 ms, deadline 3), T2 (1 ms every 6 ms, deadline 3), listed
        // in that order. At 0 and at 6 both release a job with the same key (relative deadline 3;
        // absolute deadlines 3 and 9) and the same release: T1, listed first, runs first both
        // times (T1 responses all 1 ms, T2's 2 ms). SimSo's ready list would put T2 first at 6: its
        // release timer for 6 was set at 0, T1's at 3 (T1 2 ms, T2 1 ms there).
        for (String policy : List.of("dm", "edf")) {
            List<Task> ts = runWithOffsets(policy, 11 * MS, new long[] {MS, 3 * MS, 3 * MS, 0}, new long[] {MS, 6 * MS, 3 * MS, 0});
            assertThat(ts).extracting(t -> t.realtime().responseMax()).as(policy).containsExactly(MS, 2 * MS);
            assertThat(ts).extracting(t -> t.realtime().responseMin()).as(policy).containsExactly(MS, 2 * MS);
            assertThat(ts).extracting(t -> t.realtime().completed()).as(policy).containsExactly(4L, 2L);
        }
    }

    @Test
    void aperiodicJobWithADeadlineIsScheduledByItsDeadline() {
        // A periodic task (2 ms every 10 ms) and an aperiodic job (one job: 3 ms, due 4 ms after
        // it arrives at 1 ms, so at 5 ms). EDF: the periodic job starts at 0 (deadline 10); the
        // aperiodic one arrives at 1 with deadline 5 and preempts it, runs 1-4 (response 3 ms);
        // the periodic job finishes 4-5.
        Map<String, List<Action>> programs = new LinkedHashMap<>();
        programs.put("periodic", List.of(new Action.Periodic(10 * MS, 2 * MS, 10 * MS, 0, -1)));
        programs.put("aperiodic", List.of(new Action.Periodic(Long.MAX_VALUE / 4, 3 * MS, 4 * MS, 0, 1), new Action.Exit(0)));
        Kernel k = new Kernel(new KernelConfig(), SchedulerRegistry.create("edf"), new FixedCostMemory(),
                ProgramSet.of(programs), new RandomStreams(1));
        Task p = k.addProcess(ProcessSpec.of("p", 0, "periodic"));
        Task a = k.addProcess(ProcessSpec.of("a", MS, "aperiodic"));
        k.run(20 * MS);
        assertThat(a.realtime().released()).isEqualTo(1);
        assertThat(a.realtime().completed()).isEqualTo(1);
        assertThat(a.realtime().missed()).isZero();
        assertThat(a.realtime().responseMax()).isEqualTo(3 * MS);
        assertThat(a.finish()).isEqualTo(4 * MS);
        assertThat(p.realtime().missed()).isZero();
        assertThat(k.scheduleLog().segments()).extracting(seg -> seg.task() + " " + seg.start() / MS + "-" + seg.end() / MS)
                .startsWith("p 0-1", "a 1-4", "p 4-5");
    }

    @Test
    void llfAndDmMeetAFeasibleSet() {
        long[][] set = {{2 * MS, 10 * MS, 5 * MS}, {4 * MS, 15 * MS, 12 * MS}, {3 * MS, 20 * MS, 20 * MS}};
        assertThat(missed(run("dm", Map.of(), 600 * MS, set))).isZero();
        assertThat(missed(run("llf", Map.of(), 600 * MS, set))).isZero();
    }
}
