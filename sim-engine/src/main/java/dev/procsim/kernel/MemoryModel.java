package dev.procsim.kernel;

import dev.procsim.engine.DoubleSampler;
import java.util.function.LongSupplier;

/**
 * What process creation and memory access cost, and what they do to address spaces. The kernel
 * calls these hooks and charges the returned nanoseconds as kernel CPU time on the task named in
 * each method (fork costs to the parent, faults to the faulting task). The page-level model with
 * eager copy, copy-on-write and vfork plugs in here (memory issue); {@link FixedCostMemory} is
 * the simple stand-in.
 */
public interface MemoryModel {
    /** Gives the model the simulation clock (for its time series). */
    default void attach(LongSupplier clock) {}

    /** Whether a fork with this strategy is really a posix_spawn: the child execs at once. */
    default boolean execsChild(String strategy) {
        return false;
    }

    /** Gives a new process image {@code bytes} of untouched private memory (arrival or exec). */
    void newImage(Task t, long bytes);

    /** Cost of a fork refused before copying (RLIMIT_NPROC, threads-max). */
    long forkEarlyFailureCost();

    /**
     * Performs the copy part of a fork with the named strategy (null: the default): gives the child
     * its address space and returns the cost charged to the parent.
     */
    long fork(Task parent, Task child, String strategy);

    /** Undoes {@link #fork} for a fork refused late (PID or pids.max): returns the teardown cost. */
    long abortFork(Task parent, Task child);

    /** Whether the strategy suspends the parent until the child execs or exits (vfork). */
    boolean suspendsParent(String strategy);

    /**
     * clone(VM): the child shares the parent's address space (a thread, or a process made with
     * clone(VM)); returns the cost charged to the parent.
     */
    long cloneVm(Task parent, Task child);

    /** Cost of a posix_spawn's clone, charged to the parent; the child then execs. */
    long spawn(Task parent, Task child);

    /** Replaces the image (exec): returns the cost, teardown of the old image included. */
    long exec(Task t, long newBytes);

    /** Releases the address space at exit: returns the teardown cost charged to the exiting task. */
    long exit(Task t);

    /** Touches memory as the action says; returns the fault cost charged to the task. */
    long touch(Task t, Action.Touch touch, DoubleSampler uniform);

    /** Cost of reaping a zombie in wait, charged to the waiting task. */
    long waitReapCost();

    /** Cost of delivering a signal to a handler (charged to the task that runs it, before the handler). */
    default long signalDelivery() {
        return 0;
    }

    /** Cost of one pipe system call (pipe, a read or a write), beyond copying. */
    default long pipeCall() {
        return 0;
    }

    /** Cost of copying {@code bytes} into or out of a pipe (charged to each side). */
    default long pipeCopy(long bytes) {
        return 0;
    }
}
