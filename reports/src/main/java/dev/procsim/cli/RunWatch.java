package dev.procsim.cli;

import dev.procsim.engine.Simulation;
import dev.procsim.kernel.Kernel;
import java.io.PrintWriter;

/**
 * Progress of one long run ({@code schedule}, {@code realtime}) on a terminal: once a second after
 * the first, one line rewritten in place with the simulated time reached, the events fired and
 * their rate, read from what the loop publishes every few thousand events. Nothing when standard
 * error is not a terminal (a pipe or a file gets the results only).
 */
final class RunWatch implements AutoCloseable {
    private final PrintWriter err;
    private final long horizon;
    private final boolean terminal;
    private volatile Thread thread;
    private volatile boolean printed;

    RunWatch(PrintWriter err, long horizon, boolean terminal) {
        this.err = err;
        this.horizon = horizon;
        this.terminal = terminal;
    }

    /** Starts watching {@code k}'s loop (given to {@code TextbookRun} as its {@code started}). */
    void watch(Kernel k) {
        if (!terminal) return;
        Simulation sim = k.simulation();
        long start = System.nanoTime();
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(1_000);
                while (!Thread.currentThread().isInterrupted()) {
                    double secs = (System.nanoTime() - start) / 1e9;
                    err.print("\r" + line(sim.publishedNow(), horizon, sim.publishedEvents(), secs) + "   ");
                    err.flush();
                    printed = true;
                    Thread.sleep(1_000);
                }
            } catch (InterruptedException e) {
                // done
            }
        }, "procsim-progress");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** "procsim: simulated 12.5 s (of 100 s, 12%), 3,400,000 events, 1,200,000 events/s". */
    static String line(long now, long horizon, long events, double wallSeconds) {
        StringBuilder b = new StringBuilder("procsim: simulated ").append(dev.procsim.report.text.Fmt.si(now / 1e9)).append(" s");
        if (horizon > 0 && horizon < dev.procsim.engine.SimTime.NEVER) {
            b.append(" (of ").append(dev.procsim.report.text.Fmt.si(horizon / 1e9)).append(" s, ").append(Math.min(100, now * 100 / horizon)).append("%)");
        }
        b.append(", ").append(String.format(java.util.Locale.ROOT, "%,d", events)).append(" events");
        if (wallSeconds > 0) b.append(", ").append(String.format(java.util.Locale.ROOT, "%,d", Math.round(events / wallSeconds))).append(" events/s");
        return b.toString();
    }

    @Override
    public void close() {
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (printed) {
            err.println();
            err.flush();
        }
    }
}
