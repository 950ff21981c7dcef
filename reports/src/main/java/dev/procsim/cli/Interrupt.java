package dev.procsim.cli;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C for a command that can stop early and keep what it has: the JVM's shutdown hook sets
 * {@link #stop()} (the simulation checks it every few thousand events), says so, and holds the
 * JVM until the command has written what it keeps ({@link #close()}), at most
 * {@link #GRACE_MS}; the JVM then exits with status 130.
 */
final class Interrupt implements AutoCloseable {
    /** How long the hook waits for the command to finish writing: Ctrl-C ends a run within 2 s. */
    static final long GRACE_MS = 1_800;
    /** The exit status of a command stopped by Ctrl-C (128 + SIGINT), as the JVM gives it. */
    static final int STATUS = 130;

    private final AtomicBoolean stop = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread hook;
    private volatile Runnable onTimeout = () -> {};

    private Interrupt(PrintWriter err, String saying) {
        hook = new Thread(() -> {
            stop.set(true);
            err.println();
            err.println(saying);
            err.flush();
            try {
                if (!done.await(GRACE_MS, TimeUnit.MILLISECONDS)) onTimeout.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "procsim-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Installs the hook; {@code saying} is printed when Ctrl-C comes. */
    static Interrupt install(PrintWriter err, String saying) {
        return new Interrupt(err, saying);
    }

    /** True once Ctrl-C came (or a test set it). */
    AtomicBoolean stop() {
        return stop;
    }

    /** What the hook does when the command has not finished within the grace time (remove what it was writing, say so). */
    void onTimeout(Runnable r) {
        onTimeout = r;
    }

    /** The command is done: the hook (if running) lets the JVM exit; else it is removed. */
    @Override
    public void close() {
        done.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is running and was waiting for us
        }
    }
}
