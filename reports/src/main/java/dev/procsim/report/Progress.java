package dev.procsim.report;

import java.io.PrintWriter;

/**
 * Progress on stderr for runs longer than a second: a bar redrawn in place on a terminal,
 * otherwise a line at most every 5 seconds. Nothing on stdout.
 */
final class Progress {
    private final PrintWriter err;
    private final int total;
    private final boolean quiet;
    private final boolean terminal = System.console() != null;
    private final long start = System.nanoTime();
    private long lastPrint;
    private boolean printed;

    Progress(PrintWriter err, int total, boolean quiet) {
        this.err = err;
        this.total = total;
        this.quiet = quiet;
    }

    synchronized void update(int done) {
        if (quiet) return;
        long now = System.nanoTime();
        if (now - start < 1_000_000_000L) return;
        long gap = terminal ? 100_000_000L : 5_000_000_000L;
        if (printed && now - lastPrint < gap && done < total) return;
        lastPrint = now;
        printed = true;
        if (terminal) {
            int width = 30;
            int filled = total == 0 ? width : (int) ((long) done * width / total);
            err.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + done + "/" + total + " runs");
        } else {
            err.println("procsim: " + done + "/" + total + " runs done");
        }
        err.flush();
    }

    synchronized void finish() {
        if (printed && terminal && !quiet) err.println();
    }
}
