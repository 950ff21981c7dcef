package dev.procsim.report.text;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.function.Function;

/**
 * Which procsim this is: the Maven project version and the git commit it was built from, as
 * {@code procsim 0.1.0-SNAPSHOT (commit 1a2b3c4)}. The build fills in the version
 * ({@code version.properties}, a filtered resource) and copies {@code .git}'s {@code HEAD},
 * {@code packed-refs} and branch refs beside this class (reports/pom.xml, no plugin needed); the
 * commit is resolved from those copies here, as git would: a detached HEAD holds it, a branch's
 * loose ref file before {@code packed-refs}. Built without a {@code .git} directory (from a source
 * tarball), or with one this cannot read (a worktree's {@code .git} file), the commit is
 * {@code unknown}; so is the version of classes not built by Maven.
 */
public final class Version {
    private Version() {}

    private static final class Holder {
        static final String VERSION = readVersion();
        static final String COMMIT = commit(Version::resource);
    }

    /** "procsim 0.1.0-SNAPSHOT (commit 1a2b3c4)", or "(commit unknown)" when the build did not know it. */
    public static String text() {
        return "procsim " + version() + " (commit " + commit() + ")";
    }

    /** The Maven project version procsim was built as, or "unknown". */
    public static String version() {
        return Holder.VERSION;
    }

    /** The abbreviated (7 hex digits) git commit procsim was built from, or "unknown". */
    public static String commit() {
        return Holder.COMMIT;
    }

    /**
     * The abbreviated commit named by a git directory's files, {@code read} giving the content of
     * one by its path in {@code .git} ("HEAD", "packed-refs", "refs/heads/main"), or null if absent;
     * "unknown" if they do not name one.
     */
    public static String commit(Function<String, String> read) {
        String head = read.apply("HEAD");
        if (head == null) return "unknown";
        head = head.strip();
        if (isHash(head)) return head.substring(0, 7);
        if (!head.startsWith("ref:")) return "unknown";
        String ref = head.substring(4).strip();
        if (!ref.startsWith("refs/heads/") || ref.contains("..") || ref.contains("\\")) return "unknown";
        String loose = read.apply(ref);
        if (loose != null && isHash(loose.strip())) return loose.strip().substring(0, 7);
        String packed = read.apply("packed-refs");
        if (packed != null) {
            for (String line : packed.split("\n")) {
                String[] f = line.strip().split(" ");
                if (f.length == 2 && f[1].equals(ref) && isHash(f[0])) return f[0].substring(0, 7);
            }
        }
        return "unknown";
    }

    /** A full object id: 40 hex digits (SHA-1), or 64 (SHA-256 repositories). */
    private static boolean isHash(String s) {
        return (s.length() == 40 || s.length() == 64) && s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }

    private static String readVersion() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in == null) return "unknown";
            p.load(in);
        } catch (IOException e) {
            return "unknown";
        }
        String v = p.getProperty("version", "").strip();
        return v.isEmpty() || v.contains("${") ? "unknown" : v;
    }

    /** A file of the build's copy of .git, or null. */
    private static String resource(String path) {
        try (InputStream in = Version.class.getResourceAsStream("git/" + path)) {
            return in == null ? null : new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }
}
