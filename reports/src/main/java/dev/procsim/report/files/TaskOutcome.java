package dev.procsim.report.files;

import dev.procsim.kernel.BlockReason;
import dev.procsim.kernel.TaskRecord;
import dev.procsim.kernel.TaskState;
import java.util.Locale;

/**
 * How a task ended, or where it stood when the run did, as {@code tasks.csv}'s two columns:
 * {@code outcome}, a word ({@code exit}, {@code killed}, {@code blocked}, {@code stopped},
 * {@code running}, {@code not_started}), and {@code outcome_detail}, what goes with it (the exit
 * status, the signal, the block reason; empty for the others). The two are what procsim once
 * wrote as one cell, {@code outcome(detail)}. Common cases return constants: with a million
 * tasks, no string is built per row.
 */
final class TaskOutcome {
    private TaskOutcome() {}

    /** Statuses from 128 up are 128 + the signal that ended the task (as a shell's {@code $?}). */
    private static final int SIGNALLED = 128;
    private static final String[] REASONS = new String[BlockReason.values().length];

    static {
        for (BlockReason r : BlockReason.values()) REASONS[r.ordinal()] = r.name().toLowerCase(Locale.ROOT);
    }

    static String word(TaskRecord t) {
        return switch (t.state()) {
            case ZOMBIE, DEAD -> t.exitStatus() >= SIGNALLED ? "killed" : "exit";
            case BLOCKED -> "blocked";
            case NEW -> "not_started";
            case STOPPED -> "stopped";
            case READY, RUNNING -> "running";
        };
    }

    static String detail(TaskRecord t) {
        TaskState s = t.state();
        if (s == TaskState.ZOMBIE || s == TaskState.DEAD) {
            int status = t.exitStatus();
            if (status == 0) return "0"; // most tasks
            return Integer.toString(status >= SIGNALLED ? status - SIGNALLED : status);
        }
        if (s == TaskState.BLOCKED) return REASONS[t.blockReason().ordinal()];
        return "";
    }
}
