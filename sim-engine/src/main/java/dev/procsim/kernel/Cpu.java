package dev.procsim.kernel;

/** One simulated CPU: what it runs and its timers. Owned and changed by {@link DispatchLoop} only. */
final class Cpu {
    final int id;
    Task current;
    Task lastRan;
    Task preempted; // taken off this CPU against its will, not yet known to be replaced
    long segStart; // when the current task started (or will start, after a switch) executing
    long runStart; // start of the current Gantt segment
    long workEvent = -1;
    long workEnd = -1; // when workEvent fires
    long quantumEvent = -1;

    Cpu(int id) {
        this.id = id;
    }
}
