package dev.procsim.sched;

import dev.procsim.kernel.Task;

/**
 * Round robin: one FIFO queue and a fixed quantum. A task preempted at the end of its quantum goes
 * to the back; the kernel queues it after tasks arriving at that same instant (design.md section 5;
 * configurable in the kernel). No wakeup preemption.
 */
public final class RoundRobinScheduler extends FifoScheduler {
    private final long quantum;

    public RoundRobinScheduler(long quantum) {
        if (quantum <= 0) throw new IllegalArgumentException("rr quantum must be > 0");
        this.quantum = quantum;
    }

    @Override
    public String name() {
        return "rr";
    }

    @Override
    public long timeSlice(Task t, int cpu, long now) {
        return quantum;
    }
}
