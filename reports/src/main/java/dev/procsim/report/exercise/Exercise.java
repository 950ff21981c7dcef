package dev.procsim.report.exercise;

/**
 * One exercise: a problem drawn from a seed, and its worked answer. Both texts end with a newline
 * and use {@code \n} alone, so that the same options give the same bytes on every system.
 */
public interface Exercise {
    /** The problem and its questions. */
    String problem();

    /** The worked answer, computed by procsim's kernel (a simulation is run on the first call). */
    String answer();

    /**
     * The exercise the options ask for. The seed is the master seed of procsim's random streams
     * ({@link dev.procsim.engine.RandomStreams}); each kind draws its problem from one named stream
     * in a fixed order, so the same options give the same problem, and the job lists of fcfs, sjf,
     * rr and mlfq share a stream: one seed gives the same jobs under each of those policies.
     *
     * @throws ExerciseOptions.Invalid for an unknown kind, an option that does not apply to it, or a value out of range
     */
    static Exercise of(ExerciseOptions options) {
        ExerciseOptions o = options.checked();
        return switch (o.policy()) {
            case "edf", "rm" -> new PeriodicExercise(o);
            case "fork" -> new ForkExercise(o);
            case "pid" -> new PidExercise(o);
            default -> new JobListExercise(o);
        };
    }
}
