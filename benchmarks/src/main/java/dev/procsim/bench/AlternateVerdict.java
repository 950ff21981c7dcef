package dev.procsim.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The guard's confirming verdict on a benchmark flagged against the baseline, from
 * {@code benchmarks/alternate}'s summary ({@code ALT_SUMMARY}: per benchmark and parameter set its
 * JMH mode and the ratio new/old of each round, the two builds alternated). A flag holds only if
 * every round is past the bound: slower by more than {@link BaselineCompare#SLOWER} in time per
 * operation, or allocating more than {@link BaselineCompare#ALLOC_SLACK_RATIO} more per operation.
 * One round within the bound is noise (the machine, the JIT's mood in that fork), not the build.
 */
final class AlternateVerdict {
    private AlternateVerdict() {}

    /** What a summary line says: "SLOWER", "ALLOCATES", or null (no flag holds, or a score that is not judged). */
    static String verdict(String key, String mode, double[] ratios) {
        if (ratios.length == 0) return null;
        double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
        for (double r : ratios) {
            lo = Math.min(lo, r);
            hi = Math.max(hi, r);
        }
        if (key.contains(":gc.alloc.rate.norm")) return lo > 1 + BaselineCompare.ALLOC_SLACK_RATIO ? "ALLOCATES" : null;
        if (key.contains(":")) return null; // other secondary scores (events, gc.count...): not judged
        // throughput: higher is better; single shot, average time, sample time: lower is better
        double bound = 1 + BaselineCompare.SLOWER;
        return mode.equals("thrpt") ? (hi < 1 / bound ? "SLOWER" : null) : (lo > bound ? "SLOWER" : null);
    }

    /** Prints each judged line and its verdict; 1 if a flag holds, else 0. */
    static int report(List<String> lines, PrintStream out) {
        int status = 0;
        for (String line : lines) {
            String[] f = line.split("\t");
            if (f.length < 3 || f[2].isEmpty()) continue;
            String[] parts = f[2].split(",");
            double[] r = new double[parts.length];
            for (int i = 0; i < parts.length; i++) r[i] = Double.parseDouble(parts[i]);
            if (!f[0].contains(":") || f[0].contains(":gc.alloc.rate.norm")) {
                String v = verdict(f[0], f[1], r);
                out.printf(Locale.ROOT, "%-90s %s rounds new/old %s%s%n", f[0], f[1], f[2], v == null ? "  ok" : "  " + v + " in every round");
                if (v != null) status = 1;
            }
        }
        return status;
    }

    static int report(Path summary, PrintStream out) throws IOException {
        return report(Files.readAllLines(summary), out);
    }
}
