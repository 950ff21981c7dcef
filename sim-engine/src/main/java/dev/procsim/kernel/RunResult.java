package dev.procsim.kernel;

import dev.procsim.engine.StopReason;
import java.util.List;

/**
 * How a run ended. {@code stuck} lists the tasks still blocked when no event was left (a wait that
 * can never be satisfied, a vfork child that never execs): the run ends instead of hanging.
 */
public record RunResult(StopReason reason, long endTime, long events, List<TaskRecord> stuck) {}
