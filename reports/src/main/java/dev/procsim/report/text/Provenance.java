package dev.procsim.report.text;

import dev.procsim.workload.Experiment;
import java.util.List;
import java.util.Set;

/**
 * Where a set of results came from, as a paper's methods section needs it: procsim's version and
 * commit, the Java runtime, the SHA-256 of the experiment file's text, and the command that
 * reproduces the files. Recorded in {@code summary.json} and the report.
 *
 * <p>The command leaves out the options that cannot change any result file ({@link #INERT}:
 * where to write, how many threads, how much to say, and how the runs are split and where they
 * run: shards merged and Spark give the files of one local run, byte for byte), so that the same
 * experiment and seed give byte-identical files however procsim was run, as everywhere else.
 */
public record Provenance(String version, String commit, String java, String experimentSha256, String command) {
    /** Options that change no result file; with their value when they take one. */
    static final Set<String> INERT = Set.of("--threads", "--out", "--force", "--quiet", "--verbose", "--shard", "--merge", "--engine", "--master");
    private static final Set<String> INERT_FLAGS = Set.of("--force", "--quiet", "--verbose");

    /** For experiment {@code x}, run by the command line {@code args} (empty when not run from the command line). */
    public static Provenance of(Experiment x, List<String> args) {
        return new Provenance(Version.version(), Version.commit(), runtime(), x.sourceSha256(), args.isEmpty() ? "" : command(args));
    }

    /** The Java runtime: its version and the VM's vendor, as {@code java -version} names them. */
    static String runtime() {
        return Runtime.version() + " (" + System.getProperty("java.vm.vendor", "unknown vendor") + ")";
    }

    /** "procsim" and the arguments, shell-quoted where needed, without the {@link #INERT} options. */
    static String command(List<String> args) {
        StringBuilder b = new StringBuilder("procsim");
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            int eq = a.indexOf('=');
            String name = a.startsWith("--") && eq > 0 ? a.substring(0, eq) : a;
            if (INERT.contains(name)) {
                if (eq < 0 && !INERT_FLAGS.contains(name)) i++; // "--out DIR": its value too
                continue;
            }
            b.append(' ').append(quoted(a));
        }
        return b.toString();
    }

    /** {@code s} as a POSIX shell reads it back: bare when it is plain, else in single quotes. */
    static String quoted(String s) {
        if (!s.isEmpty() && s.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_./=:,+@%".indexOf(c) >= 0)) return s;
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** One line for the report: "procsim 0.1.0 (commit 1a2b3c4); Java 17.0.15+6 (Eclipse Adoptium); experiment SHA-256 ...; command: ...". */
    public String line() {
        return "procsim " + version + " (commit " + commit + "); Java " + java
                + (experimentSha256.isEmpty() ? "" : "; experiment SHA-256 " + experimentSha256)
                + (command.isEmpty() ? "" : "; command: " + command);
    }
}
