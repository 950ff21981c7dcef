package dev.procsim.report.exercise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.procsim.engine.RandomStreams;
import dev.procsim.memory.MemoryMetrics;
import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;

/** Fork exercises: each seed's page counts worked by hand from the rules the problem states. */
class ForkExerciseTest {
    static ForkExercise exercise(long seed, Long pages) {
        return (ForkExercise) Exercise.of(new ExerciseOptions("fork", seed, null, null, null, null, null, null, null, null, pages));
    }

    /** The draws as documented: K from 6 to 12, R from ceil(K/2) to K, then each range's length and first page. */
    @Test
    void theProblemIsTheDocumentedDraws() {
        UniformRandomProvider r = new RandomStreams(3).stream("exercise-fork");
        int k = 6 + r.nextInt(7);
        int resident = (k + 1) / 2 + r.nextInt(k - (k + 1) / 2 + 1);
        int pc = 1 + r.nextInt(k / 2), pf = r.nextInt(k - pc + 1), cc = 1 + r.nextInt(k / 2), cf = r.nextInt(k - cc + 1);
        ForkExercise e = exercise(3, null);
        assertThat(new int[] {e.pages, e.resident, e.parentFrom, e.parentCount, e.childFrom, e.childCount})
                .containsExactly(k, resident, pf, pc, cf, cc).containsExactly(11, 9, 3, 1, 7, 4);
        assertThat(e.problem()).contains("Process P has 11 private pages of 4 KiB, numbered 0-10.\n"
                + "Before the fork it has written pages 0-8, so they have frames; pages 9-10 it has never touched, so they have no frame yet.\n"
                + "P forks a child C. After the fork, P writes page 3 and then waits for C; C writes pages 7-10 and exits.\n");
    }

    static void counts(MemoryMetrics m, long eagerAtFork, long byFaults, long reuse, long misuse) {
        assertThat(new long[] {m.pageCopiesEager(), m.pageCopiesCow(), m.cowFaultsReuse(), m.vforkMisuseWrites()})
                .containsExactly(eagerAtFork, byFaults, reuse, misuse);
    }

    /*
     * Seed 3: 11 pages, 0-8 with frames, 9-10 untouched; P writes 3, C writes 7-10. By hand:
     *  eager: the fork copies the 9 pages with frames; later writes copy nothing (9 and 10 are
     *         zero-filled in C): 9.
     *  cow:   P's write to 3 copies it (shared); C's writes to 7 and 8 copy them (still shared);
     *         9 and 10 have no frame (zero-fill, no copy): 3, no reuse.
     *  vfork: nothing copied; C's 4 writes land in P's pages: 0, 4 misuse writes.
     */
    @Test
    void seed3WithUntouchedPages() {
        ForkExercise e = exercise(3, null);
        counts(e.results().get("eager"), 9, 0, 0, 0);
        counts(e.results().get("cow"), 0, 3, 0, 0);
        counts(e.results().get("vfork"), 0, 0, 0, 4);
        assertThat(e.answer()).contains("  eager: 9 pages copied, 9 at the fork and 0 by write faults:\n",
                "  cow:   3 pages copied, 0 at the fork and 3 by write faults:\n", "writes it in place (0 such faults here).",
                "  vfork: 0 pages copied, 0 at the fork and 0 by write faults:\n         C's 4 writes land in P's own pages;");
    }

    /*
     * Seed 4: 7 pages, 0-4 with frames; P writes 2-3, C writes 0-2 (page 2 by both). By hand:
     *  eager: 5 at the fork.
     *  cow:   P first: 2 and 3 copied (2). Then C: 0 and 1 copied (still shared, 2 more); 2 is C's
     *         alone now (P took a copy), so C's write reuses it: 4 copies, 1 reuse fault.
     *  vfork: 0; C's 3 writes are misuse.
     */
    @Test
    void seed4APageWrittenByBothIsCopiedOnce() {
        ForkExercise e = exercise(4, null);
        assertThat(e.problem()).contains("numbered 0-6.\nBefore the fork it has written pages 0-4", "P writes pages 2-3", "C writes pages 0-2");
        counts(e.results().get("eager"), 5, 0, 0, 0);
        counts(e.results().get("cow"), 0, 4, 1, 0);
        counts(e.results().get("vfork"), 0, 0, 0, 3);
        assertThat(e.answer()).contains("  cow:   4 pages copied, 0 at the fork and 4 by write faults:\n", "(1 such fault here).");
    }

    /*
     * --pages replaces K but the other draws stay in their order: seed 1 draws K = 9 (all resident,
     * P writes 4, C writes 4-7); with --pages 20 the later draws are taken against 20 pages. Whatever
     * they are, eager copies exactly the resident pages and vfork copies none; cow copies the union of
     * the two ranges within the resident pages, at most parentCount + childCount.
     */
    @Test
    void pagesOptionSetsTheSize() {
        ForkExercise e = exercise(1, 20L);
        assertThat(e.pages).isEqualTo(20);
        assertThat(e.problem()).startsWith("procsim exercise --policy fork --seed 1 --pages 20\n").contains("numbered 0-19.");
        assertThat(e.results().get("eager").pageCopies()).isEqualTo(e.resident);
        assertThat(e.results().get("vfork").pageCopies()).isZero();
        ForkExercise seed1 = exercise(1, null);
        // by hand, seed 1: 9 pages all with frames; P copies 4; C reuses 4 and copies 5, 6, 7
        counts(seed1.results().get("cow"), 0, 4, 1, 0);
        counts(seed1.results().get("eager"), 9, 0, 0, 0);
    }
}
