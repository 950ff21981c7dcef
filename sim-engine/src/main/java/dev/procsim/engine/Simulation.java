package dev.procsim.engine;

import java.util.function.BooleanSupplier;

/**
 * The discrete-event loop: a clock and an {@link EventQueue}. Everything else (the kernel, the
 * workload) is built on top of it by scheduling events with handlers.
 *
 * <p>Rules: the clock never goes backwards (scheduling before {@link #now()} is an error); events at
 * the same instant fire in the order they were scheduled; a handler may schedule and cancel events,
 * including at the current instant (they fire after the ones already pending for that instant).
 *
 * <p>End of instant: a model may ask for a callback once every event at the current instant has
 * fired ({@link #requestEndOfInstant()}), to take decisions that must see everything that
 * happened at that instant (the kernel dispatches there, so that tasks arriving together are all
 * queued before any is picked). The callback may schedule events at the same instant; the
 * loop then fires them and calls back again if asked.
 */
public final class Simulation {
    private final EventQueue queue;
    private long now;
    private long eventsFired;
    private boolean stopRequested;
    private Runnable endOfInstant;
    private boolean endOfInstantRequested;
    // Seen from other threads: every CHECK_EVERY events the loop publishes its clock and count, and
    // looks at the interrupt flag (a volatile read per event would cost the hot loop for nothing).
    private static final int CHECK_EVERY = 1 << 12;
    private int untilCheck = CHECK_EVERY;
    private volatile long publishedNow, publishedEvents;
    private java.util.concurrent.atomic.AtomicBoolean interrupt;

    public Simulation() {
        this(new EventQueue());
    }

    public Simulation(EventQueue queue) {
        this.queue = queue;
    }

    public long now() {
        return now;
    }

    public long eventsFired() {
        return eventsFired;
    }

    public int pendingEvents() {
        return queue.size();
    }

    /** The time of the next pending event, or {@link SimTime#NEVER}. */
    public long nextEventTime() {
        return queue.peekTime();
    }

    /** Schedules an event at absolute time {@code time >= now()}; returns a handle for {@link #cancel}. */
    public long scheduleAt(long time, EventHandler handler, int tag, int arg) {
        if (time < now) {
            throw new IllegalArgumentException("cannot schedule an event at " + time + " ns, before the current time " + now + " ns");
        }
        return queue.schedule(time, handler, tag, arg);
    }

    /**
     * Schedules an event at {@code time >= now()} that fires before every ordinary event of its
     * instant (see {@link EventQueue#scheduleFirst}).
     */
    public long scheduleFirstAt(long time, EventHandler handler, int tag, int arg) {
        if (time < now) {
            throw new IllegalArgumentException("cannot schedule an event at " + time + " ns, before the current time " + now + " ns");
        }
        return queue.scheduleFirst(time, handler, tag, arg);
    }

    /** Schedules an event {@code delay >= 0} nanoseconds from now. */
    public long scheduleAfter(long delay, EventHandler handler, int tag, int arg) {
        if (delay < 0) throw new IllegalArgumentException("negative delay: " + delay + " ns");
        if (delay >= SimTime.NEVER - now) {
            throw new IllegalArgumentException("delay of " + delay + " ns from " + now + " ns overflows simulated time");
        }
        return queue.schedule(now + delay, handler, tag, arg);
    }

    /** Cancels a pending event; {@code false} (and no effect) if it already fired or was cancelled. */
    public boolean cancel(long handle) {
        return queue.cancel(handle);
    }

    /** Sets the end-of-instant callback (one per simulation). */
    public void setEndOfInstant(Runnable callback) {
        this.endOfInstant = callback;
    }

    /** Asks for the end-of-instant callback once the current instant has no events left. */
    public void requestEndOfInstant() {
        if (endOfInstant == null) throw new IllegalStateException("no end-of-instant callback set");
        endOfInstantRequested = true;
    }

    /**
     * Makes the loop return {@link StopReason#INTERRUPTED} soon after {@code flag} becomes true
     * (within {@value #CHECK_EVERY} events), whichever thread sets it.
     */
    public void interruptWhen(java.util.concurrent.atomic.AtomicBoolean flag) {
        this.interrupt = flag;
    }

    /** The clock as last published by the loop (for progress reports from another thread). */
    public long publishedNow() {
        return publishedNow;
    }

    /** Events fired as last published by the loop (for progress reports from another thread). */
    public long publishedEvents() {
        return publishedEvents;
    }

    /** Asks the running loop to stop after the current event. */
    public void stop() {
        stopRequested = true;
    }

    /** Runs until no event is pending. */
    public StopReason run() {
        return run(SimTime.NEVER, Long.MAX_VALUE, null);
    }

    /** Runs every event at or before {@code horizon}; on {@link StopReason#HORIZON} the clock is set to the horizon. */
    public StopReason runUntil(long horizon) {
        return run(horizon, Long.MAX_VALUE, null);
    }

    /**
     * Runs until the first of: the next event lies after {@code horizon} (events exactly at the
     * horizon fire); no event is pending; {@code maxEvents} events have fired in this call;
     * {@code until} (checked after each event, may be null) returns true; a handler called
     * {@link #stop()}; the interrupt flag was seen set. Returns which one.
     */
    public StopReason run(long horizon, long maxEvents, BooleanSupplier until) {
        stopRequested = false;
        long budget = maxEvents;
        EventQueue q = queue;
        while (true) {
            long t = q.peekTime();
            if (endOfInstantRequested && t != now) {
                endOfInstantRequested = false;
                endOfInstant.run();
                continue;
            }
            if (t == SimTime.NEVER) return StopReason.NO_EVENTS;
            if (t > horizon) {
                if (horizon > now) now = horizon;
                return StopReason.HORIZON;
            }
            if (budget <= 0) return StopReason.EVENT_BUDGET;
            budget--;
            q.pop();
            now = t;
            eventsFired++;
            q.poppedHandler().onEvent(q.poppedTag(), q.poppedArg());
            if (--untilCheck == 0) {
                untilCheck = CHECK_EVERY;
                publishedNow = now;
                publishedEvents = eventsFired;
                if (interrupt != null && interrupt.get()) return StopReason.INTERRUPTED;
            }
            if (stopRequested) {
                stopRequested = false;
                return StopReason.STOPPED;
            }
            if (until != null && until.getAsBoolean()) return StopReason.PREDICATE;
        }
    }
}
