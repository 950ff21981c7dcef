package dev.procsim.kernel;

/** A task's load weight by its nice value: Linux's {@code sched_prio_to_weight} (kernel/sched/core.c), nice 0 = 1024. */
public final class NiceWeight {
    private NiceWeight() {}

    /** Nice -20 .. 19. */
    private static final int[] WEIGHTS = {
        88761, 71755, 56483, 46273, 36291,
        29154, 23254, 18705, 14949, 11916,
        9548, 7620, 6100, 4904, 3906,
        3121, 2501, 1991, 1586, 1277,
        1024, 820, 655, 526, 423,
        335, 272, 215, 172, 137,
        110, 87, 70, 56, 45,
        36, 29, 23, 18, 15,
    };

    public static final int NICE_0 = 1024;

    /** The weight of nice {@code nice} (-20 .. 19). */
    public static int of(int nice) {
        return WEIGHTS[nice + 20];
    }
}
