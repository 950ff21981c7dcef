package dev.procsim.report.exercise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.procsim.engine.RandomStreams;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;

/**
 * Job-list exercises: each problem's answer worked by hand below, and checked against OSTEP's
 * simulators (ostep-homework at 6c6cfc7e82c2, {@code cpu-sched/scheduler.py} and
 * {@code cpu-sched-mlfq/mlfq.py}, run with Python 3.11.7 as cited).
 */
class JobListExerciseTest {
    static JobListExercise exercise(String policy, long seed, Long jobs, Long quantum, Long maxArrival) {
        return (JobListExercise) Exercise.of(new ExerciseOptions(policy, seed, jobs, null, quantum, maxArrival, null, null, null, null, null));
    }

    /** Runs of spaces as one, so that table rows can be written without their alignment. */
    static String squash(String s) {
        return s.replaceAll(" +", " ");
    }

    static List<Long> lengths(JobListExercise e) {
        return e.jobs.stream().map(JobListExercise.Job::length).toList();
    }

    /** The seed is used as documented: lengths 1 + nextInt(max-len), job by job, from stream exercise-jobs. */
    @Test
    void lengthsAreTheDocumentedDrawsAndArrivalsComeAfterThem() {
        UniformRandomProvider r = new RandomStreams(2).stream("exercise-jobs");
        List<Long> expected = List.of(1L + r.nextInt(10), 1L + r.nextInt(10), 1L + r.nextInt(10), 1L + r.nextInt(10));
        assertThat(lengths(exercise("fcfs", 2, 4L, null, null))).isEqualTo(expected).containsExactly(5L, 7L, 4L, 4L);
        // the same seed gives the same jobs under every policy, and drawing arrivals leaves the lengths alone
        assertThat(lengths(exercise("rr", 2, 4L, null, null))).isEqualTo(expected);
        assertThat(lengths(exercise("sjf", 2, 4L, null, 4L))).isEqualTo(expected);
        assertThat(exercise("fcfs", 2, 4L, null, null).problem()).contains("./scheduler.py -p FIFO -l 5,7,4,4 -c")
                .contains("  J0,0,5\n  J1,0,7\n  J2,0,4\n  J3,0,4\n");
    }

    /*
     * fcfs, seed 2, 4 jobs: lengths 5, 7, 4, 4, all at 0. By hand: J0 0-5, J1 5-12, J2 12-16,
     * J3 16-20. Response = wait = start (0, 5, 12, 16), average 33/4 = 8.25; turnaround = finish
     * (5, 12, 16, 20), average 53/4 = 13.25.
     * python3 scheduler.py -p FIFO -l 5,7,4,4 -c:
     *   Job 0 -- Response: 0.00  Turnaround 5.00  Wait 0.00
     *   Job 1 -- Response: 5.00  Turnaround 12.00  Wait 5.00
     *   Job 2 -- Response: 12.00  Turnaround 16.00  Wait 12.00
     *   Job 3 -- Response: 16.00  Turnaround 20.00  Wait 16.00
     *   Average -- Response: 8.25  Turnaround 13.25  Wait 8.25
     */
    @Test
    void fcfsSeed2() {
        String a = exercise("fcfs", 2, 4L, null, null).answer();
        assertThat(a).contains("""
                Trace:
                  [time  0] J0 runs 5, done at 5
                  [time  5] J1 runs 7, done at 12
                  [time 12] J2 runs 4, done at 16
                  [time 16] J3 runs 4, done at 20
                """);
        assertThat(squash(a)).contains("\n J0 0 5 0 5 0 5 0\n", "\n J1 0 7 5 12 5 12 5\n", "\n J2 0 4 12 16 12 16 12\n",
                "\n J3 0 4 16 20 16 20 16\n", "\n average 8.25 13.25 8.25\n");
        assertThat(a).endsWith("gantt: | J0 0-5 | J1 5-12 | J2 12-16 | J3 16-20 |\n");
    }

    /*
     * sjf, seed 2: the same jobs. By hand: the two 4s first, J2 before J3 (a tie: both arrived at
     * 0, J2 is listed first), then J0 (5) and J1 (7): J2 0-4, J3 4-8, J0 8-13, J1 13-20.
     * Responses J0..J3: 8, 13, 0, 4 (average 6.25); turnarounds 13, 20, 4, 8 (11.25); waits as responses.
     * python3 scheduler.py -p SJF -l 5,7,4,4 -c (its stable sort breaks the tie the same way):
     *   Job 2 -- Response: 0.00  Turnaround 4.00  Wait 0.00
     *   Job 3 -- Response: 4.00  Turnaround 8.00  Wait 4.00
     *   Job 0 -- Response: 8.00  Turnaround 13.00  Wait 8.00
     *   Job 1 -- Response: 13.00  Turnaround 20.00  Wait 13.00
     *   Average -- Response: 6.25  Turnaround 11.25  Wait 6.25
     */
    @Test
    void sjfSeed2BreaksTheTieByListOrder() {
        String a = exercise("sjf", 2, 4L, null, null).answer();
        assertThat(a).contains("  [time  0] J2 runs 4, done at 4\n  [time  4] J3 runs 4, done at 8\n"
                + "  [time  8] J0 runs 5, done at 13\n  [time 13] J1 runs 7, done at 20\n");
        assertThat(squash(a)).contains("\n J0 0 5 8 13 8 13 8\n", "\n J1 0 7 13 20 13 20 13\n", "\n J2 0 4 0 4 0 4 0\n",
                "\n J3 0 4 4 8 4 8 4\n", "\n average 6.25 11.25 6.25\n");
    }

    /*
     * rr, quantum 2, seed 5, 4 jobs: lengths 4, 5, 6, 2 at 0. By hand: J0 0-2 (2 left), J1 2-4 (3),
     * J2 4-6 (4), J3 6-8 (done), J0 8-10 (done), J1 10-12 (1), J2 12-14 (2), J1 14-15 (done),
     * J2 15-17 (done). Responses 0, 2, 4, 6 (average 3); turnarounds 10, 15, 17, 8 (12.5); waits =
     * turnaround - length: 6, 10, 11, 6 (8.25).
     * python3 scheduler.py -p RR -q 2 -l 4,5,6,2 -c:
     *   Job 0 -- Response: 0.00  Turnaround 10.00  Wait 6.00
     *   Job 1 -- Response: 2.00  Turnaround 15.00  Wait 10.00
     *   Job 2 -- Response: 4.00  Turnaround 17.00  Wait 11.00
     *   Job 3 -- Response: 6.00  Turnaround 8.00  Wait 6.00
     *   Average -- Response: 3.00  Turnaround 12.50  Wait 8.25
     */
    @Test
    void rrSeed5Quantum2() {
        JobListExercise e = exercise("rr", 5, 4L, 2L, null);
        assertThat(lengths(e)).containsExactly(4L, 5L, 6L, 2L);
        assertThat(e.problem()).contains("./scheduler.py -p RR -q 2 -l 4,5,6,2 -c");
        String a = e.answer();
        assertThat(a).contains("  [time  0] J0 runs 2, has 2 left\n  [time  2] J1 runs 2, has 3 left\n  [time  4] J2 runs 2, has 4 left\n"
                + "  [time  6] J3 runs 2, done at 8\n  [time  8] J0 runs 2, done at 10\n  [time 10] J1 runs 2, has 1 left\n"
                + "  [time 12] J2 runs 2, has 2 left\n  [time 14] J1 runs 1, done at 15\n  [time 15] J2 runs 2, done at 17\n");
        assertThat(squash(a)).contains("\n J0 0 4 0 10 0 10 6\n", "\n J1 0 5 2 15 2 15 10\n", "\n J2 0 6 4 17 4 17 11\n",
                "\n J3 0 2 6 8 6 8 6\n", "\n average 3 12.5 8.25\n");
    }

    /*
     * rr with arrivals, where procsim has its own rule (scheduler.py has no arrivals, so no OSTEP
     * run): seed 1, --max-arrival 4, quantum 2 gives J0 (length 1) arriving at 2, J1 (10) and J2 (4)
     * at 0. J1 runs 0-2; at 2 its quantum ends as J0 arrives, and procsim queues the arrival first
     * (README, "Checked against references"): queue J2, J0, J1. So J2 2-4, J0 4-5, J1 5-7, J2 7-9
     * (done), J1 9-15. Responses: J0 4-2 = 2, J1 0, J2 2 (average 4/3 = 1.3333); turnarounds 3, 15, 9
     * (9); waits 3-1 = 2, 15-10 = 5, 9-4 = 5 (4). (Had J1 gone back first, J0 would run at 6.)
     */
    @Test
    void rrQueuesAnArrivalBeforeTheJobWhoseQuantumEndedThen() {
        JobListExercise e = exercise("rr", 1, null, 2L, 4L);
        assertThat(e.jobs).containsExactly(new JobListExercise.Job("J0", 2, 1, 0), new JobListExercise.Job("J1", 0, 10, 0),
                new JobListExercise.Job("J2", 0, 4, 0));
        assertThat(e.problem()).doesNotContain("scheduler.py").contains("behind any job arriving at that same time");
        String a = e.answer();
        assertThat(a).contains("  [time  0] J1 runs 2, has 8 left\n  [time  2] J2 runs 2, has 2 left\n  [time  4] J0 runs 1, done at 5\n"
                + "  [time  5] J1 runs 2, has 6 left\n  [time  7] J2 runs 2, done at 9\n  [time  9] J1 runs 6, done at 15\n");
        assertThat(squash(a)).contains("\n J0 2 1 4 5 2 3 2\n", "\n J1 0 10 0 15 0 15 5\n", "\n J2 0 4 2 9 2 9 5\n", "\n average 1.3333 9 4\n");
    }

    /*
     * mlfq, seed 1 (3 jobs: 1, 10, 4 at 0), defaults: 3 levels, quantum 2 at each, allotment one
     * quantum, no boost. By hand: J0 0-1 (done); J1 1-3, quantum used, down to level 1; J2 3-5, down
     * to level 1; level 1 round robin: J1 5-7 (down to level 2), J2 7-9 (done); J1 alone 9-15.
     * Responses 0, 1, 3 (average 4/3); turnarounds 1, 15, 9 (25/3 = 8.3333); waits 0, 5, 5.
     * python3 mlfq.py -n 3 -q 2 -a 1 -B 0 -l 0,1,0:0,10,0:0,4,0 -c:
     *   Job  0: startTime   0 - response   0 - turnaround   1
     *   Job  1: startTime   0 - response   1 - turnaround  15
     *   Job  2: startTime   0 - response   3 - turnaround   9
     *   Avg  2: startTime n/a - response 1.33 - turnaround 8.33
     */
    @Test
    void mlfqSeed1() {
        JobListExercise e = exercise("mlfq", 1, null, null, null);
        assertThat(e.problem()).contains("./mlfq.py -n 3 -q 2 -a 1 -B 0 -l 0,1,0:0,10,0:0,4,0 -c",
                "--scheduler mlfq --param quanta=2,2,2 --param allotments=1,1,1 --param boost=0");
        String a = e.answer();
        assertThat(a).contains("  [time  0] J0 runs 1, done at 1\n  [time  1] J1 runs 2, has 8 left\n  [time  3] J2 runs 2, has 2 left\n"
                + "  [time  5] J1 runs 2, has 6 left\n  [time  7] J2 runs 2, done at 9\n  [time  9] J1 runs 6, done at 15\n");
        assertThat(squash(a)).contains("\n J0 0 1 0 1 0 1 0\n", "\n J1 0 10 1 15 1 15 5\n", "\n J2 0 4 3 9 3 9 5\n",
                "\n average 1.3333 8.3333 3.3333\n");
    }

    /*
     * mlfq with arrivals, I/O and a boost, against mlfq.py only (too long to do by hand here):
     * seed 2, --max-arrival 5 --max-io 4 --boost 10 (I/O of 5) gives J0 at 1 of length 5 with I/O
     * every 2, J1 at 2 (7, every 1), J2 at 2 (4, every 3).
     * python3 mlfq.py -n 3 -q 2 -a 1 -B 10 -i 5 -l 1,5,2:2,7,1:2,4,3 -c:
     *   Job  0: startTime   1 - response   0 - turnaround  16
     *   Job  1: startTime   2 - response   1 - turnaround  38
     *   Job  2: startTime   2 - response   2 - turnaround  11
     *   Avg  2: startTime n/a - response 1.00 - turnaround 21.67
     * So finishes at 17, 40 and 13; first runs at 1, 3 and 4.
     */
    @Test
    void mlfqWithArrivalsIoAndBoostAgreesWithMlfqPy() {
        JobListExercise e = (JobListExercise) Exercise.of(new ExerciseOptions("mlfq", 2, null, null, null, 5L, null, 10L, 4L, null, null));
        assertThat(e.problem()).contains("./mlfq.py -n 3 -q 2 -a 1 -B 10 -i 5 -l 1,5,2:2,7,1:2,4,3 -c");
        String a = squash(e.answer());
        assertThat(a).contains("\n J0 1 5 1 17 0 16 ", "\n J1 2 7 3 40 1 38 ", "\n J2 2 4 4 13 2 11 ", "\n average 1 21.6667 ");
    }
}
