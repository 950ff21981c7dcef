package dev.procsim.report.run;

import dev.procsim.engine.SimTime;
import java.io.PrintWriter;
import java.util.Collection;
import java.util.Locale;

/**
 * Progress on stderr once the job has taken a second: the runs done and, inside the runs in
 * progress, the simulated time against the horizon, events per second of wall time and the tasks
 * alive. A line redrawn in place on a terminal, otherwise a line every 5 seconds. Nothing on stdout.
 */
public final class Progress {
    private static final int WIDTH = 118;
    private final PrintWriter err;
    private final int total;
    private final boolean quiet;
    private final boolean terminal = System.console() != null;
    private final long start = System.nanoTime();
    private long lastPrint;
    private boolean printed;
    private int done;
    private String inside = "";

    public Progress(PrintWriter err, int total, boolean quiet) {
        this.err = err;
        this.total = total;
        this.quiet = quiet;
    }

    public synchronized void update(int done) {
        this.done = done;
        print();
    }

    /** Called about every 200 ms with the runs in progress. */
    public void live(Collection<ExperimentRunner.LiveRun> running) {
        String s = describe(running, System.nanoTime());
        synchronized (this) {
            inside = s;
            print();
        }
    }

    static String describe(Collection<ExperimentRunner.LiveRun> running, long wallNow) {
        // One look at the runs: they end meanwhile (isEmpty, then next(), could see two states and throw)
        java.util.Iterator<ExperimentRunner.LiveRun> it = running.iterator();
        if (!it.hasNext()) return "";
        ExperimentRunner.LiveRun r = it.next(); // the lowest run number: the one running longest
        StringBuilder b = new StringBuilder("; run ").append(r.run()).append(" (").append(r.label()).append(", rep ").append(r.replication())
                .append("): ");
        long now = r.simulatedNanos(), events = r.events();
        if (events == 0) {
            b.append("starting"); // nothing has happened in it yet: no time or rate to show
        } else {
            b.append(time(now));
            long h = r.horizon();
            if (h != SimTime.NEVER && h > 0) {
                b.append(" of ").append(time(h)).append(String.format(Locale.ROOT, " (%.0f%%)", 100.0 * now / h));
            }
            double secs = (wallNow - r.startNanos()) / 1e9;
            if (secs > 0) b.append(", ").append(count(events / secs)).append(" events/s");
        }
        int alive = r.tasksAlive();
        b.append(String.format(Locale.ROOT, ", %,d %s alive", alive, alive == 1 ? "task" : "tasks"));
        if (running.size() > 1) b.append("; ").append(running.size() - 1).append(" more running");
        return b.toString();
    }

    /** A simulated time for people: 1.23 s, 45 ms, 2.0 min. */
    static String time(long ns) {
        if (ns >= 60_000_000_000L) return String.format(Locale.ROOT, "%.1f min", ns / 60e9);
        if (ns >= 1_000_000_000L) return String.format(Locale.ROOT, "%.2f s", ns / 1e9);
        if (ns >= 1_000_000L) return String.format(Locale.ROOT, "%.1f ms", ns / 1e6);
        return String.format(Locale.ROOT, "%.1f us", ns / 1e3);
    }

    private static String count(double v) {
        if (v >= 1e6) return String.format(Locale.ROOT, "%.1f M", v / 1e6);
        if (v >= 1e3) return String.format(Locale.ROOT, "%.0f k", v / 1e3);
        return String.format(Locale.ROOT, "%.0f", v);
    }

    private void print() {
        if (quiet) return;
        long now = System.nanoTime();
        if (now - start < 1_000_000_000L) return;
        long gap = terminal ? 200_000_000L : 5_000_000_000L;
        if (printed && now - lastPrint < gap && done < total) return;
        lastPrint = now;
        printed = true;
        String line = done + "/" + total + " runs done" + (done < total ? inside : "");
        if (terminal) {
            int width = 20;
            int filled = total == 0 ? width : (int) ((long) done * width / total);
            String s = "[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + line;
            if (s.length() > WIDTH) s = s.substring(0, WIDTH - 3) + "...";
            err.print("\r" + s + " ".repeat(WIDTH - s.length()));
        } else {
            err.println("procsim: " + line);
        }
        err.flush();
    }

    public synchronized void finish() {
        if (printed && terminal && !quiet) err.println();
    }
}
