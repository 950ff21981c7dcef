package dev.procsim.kernel;

import dev.procsim.engine.DoubleSampler;

/**
 * A memory model without pages: each operation costs a fixed time (all zero by default, as in
 * textbook scheduling exercises). Fork strategy {@code vfork} suspends the parent; other names
 * do not.
 */
public final class FixedCostMemory implements MemoryModel {
    private final long forkCost;
    private final long forkEarlyFail;
    private final long execCost;
    private final long exitCost;
    private final long spawnCost;

    public FixedCostMemory() {
        this(0, 0, 0, 0, 0);
    }

    public FixedCostMemory(long forkCost, long forkEarlyFail, long execCost, long exitCost, long spawnCost) {
        this.forkCost = forkCost;
        this.forkEarlyFail = forkEarlyFail;
        this.execCost = execCost;
        this.exitCost = exitCost;
        this.spawnCost = spawnCost;
    }

    @Override public void newImage(Task t, long bytes) { t.memoryBytes = bytes; }
    @Override public long forkEarlyFailureCost() { return forkEarlyFail; }

    @Override
    public long fork(Task parent, Task child, String strategy) {
        child.memoryBytes = parent.memoryBytes;
        return forkCost;
    }

    /** Threads and clone(VM) cost nothing in this model (it has no address spaces to share). */
    @Override
    public long cloneVm(Task parent, Task child) {
        child.memoryBytes = parent.memoryBytes;
        return 0;
    }

    @Override public long abortFork(Task parent, Task child) { return 0; }
    @Override public boolean suspendsParent(String strategy) { return "vfork".equals(strategy) || "spawn".equals(strategy); }
    @Override public boolean execsChild(String strategy) { return "spawn".equals(strategy); }
    @Override public long spawn(Task parent, Task child) { return spawnCost; }

    @Override
    public long exec(Task t, long newBytes) {
        t.memoryBytes = newBytes;
        return execCost;
    }

    @Override public long exit(Task t) { return exitCost; }
    @Override public long touch(Task t, Action.Touch touch, DoubleSampler uniform) { return 0; }
    @Override public long waitReapCost() { return 0; }
}
