package dev.procsim.report.exercise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.procsim.engine.RandomStreams;
import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;

/** Periodic task sets under edf and rm: seed 1's set, its schedule and misses worked by hand. */
class PeriodicExerciseTest {
    static PeriodicExercise exercise(String policy, long seed) {
        return (PeriodicExercise) Exercise.of(ExerciseOptions.of(policy, seed));
    }

    /** The seed is used as documented: per task, a period from 2, 3, 4, 6, 8, 12, then a WCET from 1 to half of it. */
    @Test
    void theSetIsTheDocumentedDraws() {
        UniformRandomProvider r = new RandomStreams(1).stream("exercise-periodic");
        long[] expected = new long[6];
        for (int i = 0; i < 3; i++) {
            expected[2 * i] = PeriodicExercise.PERIODS[r.nextInt(6)];
            expected[2 * i + 1] = 1 + r.nextInt((int) Math.max(1, expected[2 * i] / 2));
        }
        PeriodicExercise e = exercise("edf", 1);
        assertThat(e.tasks.stream().flatMap(t -> java.util.stream.Stream.of(t.period(), t.wcet())).toList())
                .containsExactly(expected[0], expected[1], expected[2], expected[3], expected[4], expected[5])
                .containsExactly(3L, 1L, 8L, 3L, 6L, 2L);
        // U = 1/3 + 3/8 + 2/6 = 8/24 + 9/24 + 8/24 = 25/24; lcm(3, 8, 6) = 24
        assertThat(e.hyperperiod).isEqualTo(24);
        assertThat(e.problem()).contains("Utilisation U = 1/3 + 3/8 + 2/6 = 25/24 = 1.0417; hyperperiod (least common multiple of the periods): 24.",
                "  T1,3,1\n  T2,8,3\n  T3,6,2\n", "Draw the schedule from 0 to 24.");
    }

    /*
     * edf, seed 1: T1 (3, 1), T2 (8, 3), T3 (6, 2); U = 25/24 > 1, so some job must miss. By hand
     * (deadline = next release; ties: earlier release, then list order; only a strictly earlier
     * deadline preempts):
     *   0: T1 d3, T3 d6, T2 d8      -> T1 0-1, T3 1-3
     *   3: T1 d6 (T2 d8 waits)      -> T1 3-4, T2 4-7 (T1 d9 and T3 d12 released at 6 do not preempt d8)
     *   7: T1 d9                    -> T1 7-8
     *   8: T2 d16 released          -> T3 d12 8-10; T1 (released 9) d12 10-11 (T3 released at 6 went first); T2 11-12
     *  12: T1 d15 preempts T2 d16   -> T1 12-13, T2 13-15 (done: 11-12 and 13-15)
     *  15: T1 d18 and T3 d18 (released 12, earlier) -> T3 15-17, T1 17-18
     *  18: T1 d21                   -> T1 18-19
     *  19: T2 d24 (released 16) and T3 d24 (released 18) -> T2 19-22; T1 d24 released 21 does not preempt
     *  22: T3 (released 18) before T1 (released 21), both d24 -> T3 22-24; T1's job of 21 is unfinished at 24.
     * Jobs done: T1 7 (of the 8 released before 24), T2 3, T3 4; the one miss: T1 released 21, deadline 24.
     * Responses of the jobs done: T1 1, 1, 2, 2, 1, 3, 1 (worst 3, the job of 15 ending at 18); T2 7, 7, 6
     * (worst 7); T3 3, 4, 5, 6 (worst 6, the job of 18 ending at 24).
     */
    @Test
    void edfSeed1() {
        String a = exercise("edf", 1).answer();
        assertThat(a).contains("gantt: | T1 0-1 | T3 1-3 | T1 3-4 | T2 4-7 | T1 7-8 | T3 8-10 | T1 10-11 | T2 11-12 | T1 12-13 | T2 13-15 "
                + "| T3 15-17 | T1 17-19 | T2 19-22 | T3 22-24 |\n");
        assertThat(JobListExerciseTest.squash(a)).contains("\n T1 3 1 7 1 3\n", "\n T2 8 3 3 0 7\n", "\n T3 6 2 4 0 6\n")
                .endsWith("Deadline misses:\n T1: the job released at 21, deadline 24, not finished by 24\n");
    }

    /*
     * rm, seed 1: priorities by period, T1 (3) > T3 (6) > T2 (8). By hand:
     *   T1 0-1, T3 1-3, T1 3-4, T2 4-6, T1 6-7, T3 7-9, T1 9-10, T2 10-11: T2's first job ends at 11 > 8 (late);
     *   its second (released 8) runs 11-12, T1 12-13, T3 13-15, T1 15-16, T2 16-18: ends at 18 > 16 (late);
     *   its third (released 16) waits: T1 18-19, T3 19-21, T1 21-22, T2 22-24: 2 of 3 done at 24 (unfinished).
     * T1 meets all 8 (response 1), T3 all 4 (worst 3: 0 -> 3), T2 none of 3: worst response 11 (0 -> 11;
     * 8 -> 18 is 10).
     */
    @Test
    void rmSeed1() {
        PeriodicExercise e = exercise("rm", 1);
        assertThat(e.problem()).contains("Policy rm: rate monotonic, fixed priorities: the shorter period first");
        String a = e.answer();
        assertThat(a).contains("gantt: | T1 0-1 | T3 1-3 | T1 3-4 | T2 4-6 | T1 6-7 | T3 7-9 | T1 9-10 | T2 10-12 | T1 12-13 | T3 13-15 "
                + "| T1 15-16 | T2 16-18 | T1 18-19 | T3 19-21 | T1 21-22 | T2 22-24 |\n");
        assertThat(JobListExerciseTest.squash(a)).contains("\n T1 3 1 8 0 1\n", "\n T2 8 3 2 3 11\n", "\n T3 6 2 4 0 3\n")
                .endsWith("Deadline misses:\n T2: the job released at 0, deadline 8, finished late\n"
                        + " T2: the job released at 8, deadline 16, finished late\n T2: the job released at 16, deadline 24, not finished by 24\n");
    }

    /*
     * edf, seed 3: T1 (6, 1), T2 (3, 1), T3 (12, 5); U = 2/12 + 4/12 + 5/12 = 11/12, hyperperiod 12.
     * By hand: T2 d3 0-1, T1 d6 1-2, T3 d12 2-3, T2 d6 (released 3, before T3's d12) 3-4, T3 4-6,
     * T2 d9 6-7 (T1 d12 and T3 d12 wait), T3 (released 0) before T1 (released 6), both d12: T3 7-9 (done),
     * T1 9-10, T2 (released 9, d12) 10-11, idle 11-12. No misses.
     */
    @Test
    void edfSeed3MissesNothing() {
        PeriodicExercise e = exercise("edf", 3);
        assertThat(e.problem()).contains("1/6 + 1/3 + 5/12 = 11/12 = 0.9167; hyperperiod (least common multiple of the periods): 12.");
        assertThat(e.answer()).contains("gantt: | T2 0-1 | T1 1-2 | T3 2-3 | T2 3-4 | T3 4-6 | T2 6-7 | T3 7-9 | T1 9-10 | T2 10-11 | idle 11-12 |\n")
                .endsWith("Deadline misses: none.\n");
    }
}
