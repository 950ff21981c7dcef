package dev.procsim.kernel;

/**
 * A signal the kernel itself sends (SIGCHLD to a parent): what exit needs from the signal
 * subsystem, which sits above it (a fatal signal ends processes through exit). Bound once when
 * the kernel is wired.
 */
interface SignalSender {
    /** Sends {@code sig} to the process of {@code target} from the kernel (never forced on a namespace's init). */
    void sendSignal(Task target, int sig);
}
