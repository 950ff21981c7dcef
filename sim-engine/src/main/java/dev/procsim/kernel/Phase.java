package dev.procsim.kernel;

/**
 * What completes when a task's current kernel work ends ({@link Task#phase}): the program
 * interpreter finishes it, handing fork and exit phases to their subsystems.
 */
final class Phase {
    private Phase() {}

    static final byte PHASE_NONE = 0, PHASE_FORK_COPY = 1, PHASE_FORK_FAILED = 2, PHASE_SPAWN_COPY = 3, PHASE_EXEC = 4, PHASE_EXIT = 5,
            PHASE_JOB = 6;
}
