package dev.procsim.engine;

/** Why {@link Simulation#run} returned. */
public enum StopReason {
    /** The next event lies beyond the time horizon (events exactly at the horizon have fired). */
    HORIZON,
    /** No event is pending. */
    NO_EVENTS,
    /** The stop predicate became true after an event. */
    PREDICATE,
    /** The event budget is spent. */
    EVENT_BUDGET,
    /** A handler called {@link Simulation#stop()}. */
    STOPPED,
    /** Another thread set the flag given to {@link Simulation#interruptWhen} (Ctrl-C, or memory running low). */
    INTERRUPTED
}
