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
 * JMH mode and both builds' scores in each round, the two builds alternated). A flag holds only if
 * every round is past the bound: slower by more than {@link BaselineCompare#SLOWER} in time per
 * operation, or allocating more per operation than the old build by more than the baseline
 * rule's slack (0.5 byte plus 1%).
 * One round within the bound is noise (the machine, the JIT's mood in that fork), not the build.
 */
final class AlternateVerdict {
    private AlternateVerdict() {}

    /**
     * What a summary line says: "SLOWER", "ALLOCATES", or null (no flag holds, or a score that is
     * not judged). {@code rounds[i]} = {new score, old score} of round i.
     */
    static String verdict(String key, String mode, double[][] rounds) {
        if (rounds.length == 0) return null;
        if (key.contains(":gc.alloc.rate.norm")) { // bytes per operation: as the baseline's rule, 0.5 B + 1% of slack
            for (double[] r : rounds) if (r[0] <= r[1] * (1 + BaselineCompare.ALLOC_SLACK_RATIO) + BaselineCompare.ALLOC_SLACK_BYTES) return null;
            return "ALLOCATES";
        }
        if (key.contains(":")) return null; // other secondary scores (events, gc.count...): not judged
        // throughput: higher is better; single shot, average time, sample time: lower is better
        double bound = 1 + BaselineCompare.SLOWER;
        for (double[] r : rounds) {
            double ratio = r[0] / r[1];
            boolean slower = mode.equals("thrpt") ? ratio < 1 / bound : ratio > bound;
            if (!slower) return null;
        }
        return "SLOWER";
    }

    /** Prints each judged line and its verdict; 1 if a flag holds, else 0. */
    static int report(List<String> lines, PrintStream out) {
        int status = 0;
        for (String line : lines) {
            String[] f = line.strip().split("\t");
            if (f.length < 3 || f[2].isEmpty()) continue;
            if (f[0].contains(":") && !f[0].contains(":gc.alloc.rate.norm")) continue;
            String[] parts = f[2].split(",");
            double[][] r = new double[parts.length][];
            for (int i = 0; i < parts.length; i++) {
                String[] nw = parts[i].split(":");
                r[i] = new double[] {Double.parseDouble(nw[0]), Double.parseDouble(nw[1])};
            }
            String v = verdict(f[0], f[1], r);
            out.printf(Locale.ROOT, "%-90s %s rounds new:old %s%s%n", f[0], f[1], f[2], v == null ? "  ok" : "  " + v + " in every round");
            if (v != null) status = 1;
        }
        return status;
    }

    static int report(Path summary, PrintStream out) throws IOException {
        return report(List.of(Files.readString(summary).split("\n")), out); // lines end in LF only: a stray CR stays in its field
    }
}
