package dev.procsim.kernel;

/**
 * A PID namespace (Linux's {@code struct pid_namespace}): its own PID allocator (same pid_max and
 * wrap rule as the root's), its parent, its depth, and its init (the child reaper: PID 1 inside,
 * which adopts the namespace's orphans and whose exit ends every task of the namespace).
 */
final class PidNamespace {
    final PidNamespace parent;
    /** 1 for a namespace made from the root one, and so on. */
    final int level;
    final PidAllocator pids;
    /**
     * Its init; set when the clone that made it succeeds. Linux marks it SIGNAL_UNKILLABLE: it
     * gets only the signals it handles, and SIGKILL and SIGSTOP from an ancestor namespace
     * ({@link SignalSending}).
     */
    Task reaper;
    /** Its init has exited: no task can be added (Linux clears PIDNS_ADDING). */
    boolean dying;

    PidNamespace(PidNamespace parent, int pidMax) {
        this.parent = parent;
        this.level = parent == null ? 1 : parent.level + 1;
        this.pids = new PidAllocator(pidMax);
    }

    /** Whether a task of namespace {@code ns} (null: the root) is inside this one (at any depth). */
    boolean contains(PidNamespace ns) {
        for (PidNamespace n = ns; n != null; n = n.parent) if (n == this) return true;
        return false;
    }
}
