package dev.procsim.workload.trace;

import dev.procsim.workload.InputError;
import dev.procsim.workload.InputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.regex.Pattern;

/** A scheduler trace in, an experiment file out: {@link SchedTraceReader}, {@link TraceTimelines}, {@link TraceWorkload}. */
public final class TraceImport {
    private TraceImport() {}

    /** Whether the file is procsim's own JSON trace (by its name: .json, or .json.gz), rather than trace text. */
    public static boolean isProcsimJson(String name) {
        return name.endsWith(".json") || name.endsWith(".json.gz");
    }

    /** Reads a trace of either kind (procsim's JSON, or perf script / ftrace text) into {@code out}. */
    public static void read(BufferedReader in, String source, SchedEvents out) throws IOException {
        if (isProcsimJson(source)) ProcsimJsonTrace.read(in, source, out);
        else new SchedTraceReader(source, out).read(in);
    }

    /** What an import read and wrote, for the command's summary line. */
    public record Summary(long lines, long events, long skipped, int tasks, int kept, int cpus, long lengthNs, int pipes,
            long wakesFromTasks, long wakesFromInterrupts) {}

    /**
     * Reads the trace {@code file} (named {@code source} in messages) and writes the experiment
     * {@code name} to {@code out}; {@code only}, if not null, keeps the tasks whose name matches it
     * (and their descendants).
     */
    public static Summary convert(BufferedReader in, String source, String name, Pattern only, Writer out) throws IOException {
        return convert(in, source, name, only, List.of(), out);
    }

    /** As above, replayed under {@code schedulers} (registry names; empty: eevdf). */
    public static Summary convert(BufferedReader in, String source, String name, Pattern only, List<String> schedulers, Writer out)
            throws IOException {
        TraceTimelines tl = new TraceTimelines();
        SchedTraceReader r = new SchedTraceReader(source, tl);
        long events = 0;
        if (isProcsimJson(source)) events = ProcsimJsonTrace.read(in, source, tl);
        else r.read(in);
        TraceWorkload w = new TraceWorkload(tl, only).schedulers(schedulers);
        if (w.keptTasks() == 0) {
            throw new InputException(List.of(new InputError(source, 0, 0, "--only", "no task of the trace has a name matching '" + only
                    + "' (" + tl.tasks().size() + " tasks, e.g. " + tl.tasks().stream().limit(5).map(TraceTimelines.Timeline::comm).toList() + ")")));
        }
        w.write(out, source, name, r.lines());
        return new Summary(r.lines(), r.events() + events, r.skipped(), tl.tasks().size(), w.keptTasks(), tl.cpus(), tl.last() - tl.first(), w.pipes(),
                tl.wakesFromTasks(), tl.wakesFromInterrupts());
    }
}
