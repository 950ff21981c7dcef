package dev.procsim.report.job;

import dev.procsim.report.run.ExperimentRunner;

import dev.procsim.workload.Experiment;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * Another engine for {@code procsim run --engine NAME}: found with {@link java.util.ServiceLoader},
 * so that the main jar does not carry it (the Spark module provides {@code spark}). It runs every
 * run of the experiment and writes the same files as {@link ExperimentJob#run} into {@code out}.
 */
public interface RunEngine {
    /** The name given to {@code --engine}. */
    String name();

    /**
     * Runs {@code x}, read from {@code file}, on {@code master} (null: the engine's default) and
     * writes the results to {@code out}.
     */
    ExperimentRunner.Result run(Path file, Experiment x, Path out, String master, ExperimentJob.Options o, PrintWriter err)
            throws IOException;

    /** The engine of that name on the class path, or null. */
    static RunEngine find(String name) {
        for (RunEngine e : java.util.ServiceLoader.load(RunEngine.class)) if (e.name().equals(name)) return e;
        return null;
    }
}
