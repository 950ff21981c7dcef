package dev.procsim.sched;

/**
 * First come, first served: one FIFO run queue, no time slices, no preemption. A task runs until it
 * blocks, yields or exits. Queue order: order of entry into the ready queue (arrival, wakeup,
 * yield); tasks entering at the same instant keep the order in which the kernel queued them (for
 * arrivals at one instant: the order the workload lists them).
 */
public final class FcfsScheduler extends FifoScheduler {
    @Override
    public String name() {
        return "fcfs";
    }
}
