package dev.procsim.report.exercise;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** PID exercises: the PIDs each fork gets, worked by hand from the allocation rules the problem states. */
class PidExerciseTest {
    static PidExercise exercise(long seed, Long forks) {
        return (PidExercise) Exercise.of(new ExerciseOptions("pid", seed, forks, null, null, null, null, null, null, null, null));
    }

    /*
     * Seed 2: pid_max 308 (PIDs 1-307); handed out up to 305 (sh); in use 1, 301, 304, 305. By hand,
     * the cursor one past the last PID handed out:
     *   1. sh forks A: search 306.. -> 306
     *   2. sh forks B: 307
     *   3. A exits (zombie, 306 held); 4. sh reaps A (306 free)
     *   5. sh forks C: search from 308 = pid_max finds nothing; wrap to 300: free -> 300
     *      (306 is free too, but the wrapped search starts at 300)
     *   6. B exits, 7. C exits (zombies: 307, 300 held)
     *   8. sh forks D: from 301: 301 in use, 302 free -> 302
     *   9. sh reaps C (300 free); 10. sh reaps B (307 free); 11. D exits (302 held as a zombie)
     *  12. sh forks E: from 303 -> 303
     * In use at the end: 1, 301, 302 (D, a zombie), 303 (E), 304, 305 (sh).
     */
    @Test
    void seed2WrapsTo300AndSkipsFreedPidsBehindTheCursor() {
        PidExercise e = exercise(2, null);
        assertThat(e.pidMax).isEqualTo(308);
        assertThat(e.shell).isEqualTo(305);
        assertThat(e.inUse).containsExactly(301, 304);
        String p = e.problem();
        assertThat(p).contains("pid_max is 308, so PIDs run from 1 to 307. Since boot, PIDs 1 to 305 have been handed out",
                "In use now: 1 (init), 301, 304, 305 (sh);", "   1. sh forks A\n   2. sh forks B\n   3. A exits\n   4. sh waits for A (reaps it)\n"
                        + "   5. sh forks C\n   6. B exits\n   7. C exits\n   8. sh forks D\n   9. sh waits for C (reaps it)\n"
                        + "  10. sh waits for B (reaps it)\n  11. D exits\n  12. sh forks E\n");
        assertThat(e.answer()).isEqualTo("Answer, computed by procsim's kernel (its PID allocator, pid_max 308):\n"
                + "   1. sh forks A: PID 306\n   2. sh forks B: PID 307\n   5. sh forks C: PID 300\n   8. sh forks D: PID 302\n"
                + "  12. sh forks E: PID 303\n"
                + "In use after the last step: 1 (init), 301, 302 (D, a zombie), 303 (E), 304, 305 (sh)\n");
    }

    /*
     * Seed 1: pid_max 309; handed out up to 305 (sh); in use 1, 300, 304, 305. By hand:
     *   1. A: 306; 2. A exits; 3. reaped (306 free); 4. B: 307; 5. C: 308;
     *   6. D: from 309 = pid_max, wrap to 300: 300 in use, 301 free -> 301 (not 2, nor 306);
     *   7. E: 302.
     * In use: 1, 300, 301 (D), 302 (E), 304, 305 (sh), 307 (B), 308 (C).
     */
    @Test
    void seed1NeverWrapsBelow300() {
        PidExercise e = exercise(1, null);
        assertThat(e.answer()).contains("   6. sh forks D: PID 301\n   7. sh forks E: PID 302\n")
                .endsWith("In use after the last step: 1 (init), 300, 301 (D), 302 (E), 304, 305 (sh), 307 (B), 308 (C)\n");
    }

    @Test
    void jobsIsTheNumberOfForks() {
        PidExercise e = exercise(7, 12L);
        assertThat(e.steps.stream().filter(s -> s.kind() == PidExercise.Kind.FORK)).hasSize(12);
        assertThat(e.problem()).startsWith("procsim exercise --policy pid --seed 7 --jobs 12\n");
        assertThat(e.answer().lines().filter(l -> l.contains("sh forks"))).hasSize(12);
    }
}
