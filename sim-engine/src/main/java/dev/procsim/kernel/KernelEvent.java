package dev.procsim.kernel;

/**
 * The kernel's event codes: every subsystem schedules its events on the one handler, the
 * {@link Kernel}, which routes each code to the subsystem that owns it.
 */
final class KernelEvent {
    private KernelEvent() {}

    static final int EV_ARRIVE = 1, EV_WORK = 2, EV_QUANTUM = 3, EV_WAKE = 4, EV_INIT_REAP = 5, EV_JOB_MISS = 6, EV_ARRIVE_LATER = 7,
            EV_ARRIVE_BATCH = 8, EV_SIGNAL = 9, EV_SCHED_TIMER = 10, EV_BALANCE = 11;
}
