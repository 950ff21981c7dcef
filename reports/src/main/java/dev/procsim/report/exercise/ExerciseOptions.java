package dev.procsim.report.exercise;

import dev.procsim.workload.Suggest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code procsim exercise} was asked for: the kind ({@code --policy}), the seed, and the
 * options that shape the problem, each null when not given (the kind's default then applies). An
 * option that does not apply to the kind, or a value out of range, is refused with
 * {@link Invalid}, in the words the other commands use for a bad whole number.
 */
public record ExerciseOptions(String policy, long seed, Long jobs, Long maxLen, Long quantum, Long maxArrival, Long levels, Long boost,
        Long maxIo, Long ioTime, Long pages) {

    public static final List<String> POLICIES = List.of("fcfs", "sjf", "rr", "mlfq", "edf", "rm", "fork", "pid");

    /** The kinds each option applies to, by option name (options not listed apply to every kind). */
    private static final Map<String, List<String>> APPLIES = new LinkedHashMap<>();

    static {
        APPLIES.put("--jobs", List.of("fcfs", "sjf", "rr", "mlfq", "edf", "rm", "pid"));
        APPLIES.put("--max-len", List.of("fcfs", "sjf", "rr", "mlfq"));
        APPLIES.put("--max-arrival", List.of("fcfs", "sjf", "rr", "mlfq"));
        APPLIES.put("--quantum", List.of("rr", "mlfq"));
        APPLIES.put("--levels", List.of("mlfq"));
        APPLIES.put("--boost", List.of("mlfq"));
        APPLIES.put("--max-io", List.of("mlfq"));
        APPLIES.put("--io-time", List.of("mlfq"));
        APPLIES.put("--pages", List.of("fork"));
    }

    /** A bad option: the message says which and what is accepted (the command exits with status 2). */
    public static final class Invalid extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message);
        }
    }

    /** Options with only the kind and the seed given. */
    public static ExerciseOptions of(String policy, long seed) {
        return new ExerciseOptions(policy, seed, null, null, null, null, null, null, null, null, null);
    }

    /** Checks the kind and that every option given applies to it; returns this. */
    ExerciseOptions checked() {
        if (!POLICIES.contains(policy)) {
            throw new Invalid("--policy takes " + String.join(", ", POLICIES.subList(0, POLICIES.size() - 1)) + " or pid, found '" + policy + "'"
                    + Suggest.hint(policy, POLICIES));
        }
        Map<String, Long> given = new LinkedHashMap<>();
        given.put("--jobs", jobs);
        given.put("--max-len", maxLen);
        given.put("--max-arrival", maxArrival);
        given.put("--quantum", quantum);
        given.put("--levels", levels);
        given.put("--boost", boost);
        given.put("--max-io", maxIo);
        given.put("--io-time", ioTime);
        given.put("--pages", pages);
        for (Map.Entry<String, List<String>> e : APPLIES.entrySet()) {
            if (given.get(e.getKey()) != null && !e.getValue().contains(policy)) {
                throw new Invalid(e.getKey() + " does not apply to --policy " + policy + " (it applies to " + String.join(", ", e.getValue()) + ")");
            }
        }
        return this;
    }

    /** The value of {@code option}: {@code given}, or {@code dflt} when not given; refused outside [min, max]. */
    static int value(String option, Long given, int dflt, int min, int max) {
        long v = given == null ? dflt : given;
        if (v < min || v > max) {
            throw new Invalid(option + ": " + v + " is too " + (v < min ? "small" : "large") + "; expected a whole number from " + min + " to " + max);
        }
        return (int) v;
    }
}
