package dev.procsim.spark;

import dev.procsim.workload.Experiment;
import dev.procsim.workload.ExperimentParser;
import dev.procsim.workload.InputText;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An experiment as a Spark job carries it to the executors: the file's text as the driver parsed it
 * and the text of every file it names (task lists, periodic tasks, empirical values), by path
 * relative to the experiment's folder. Executors parse from it and open no file, so a cluster needs
 * no shared file system and no executor reads a file the driver did not.
 */
final class ExperimentBundle implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String file;
    /** The driver's folder of the experiment: names resolve against it as on the driver, so messages and keys agree. */
    private final String baseDir;
    private final String text;
    /** UTF-8 text of each file named, by {@link #key}. */
    private final Map<String, byte[]> files;

    private ExperimentBundle(String file, String baseDir, String text, Map<String, byte[]> files) {
        this.file = file;
        this.baseDir = baseDir;
        this.text = text;
        this.files = files;
    }

    /**
     * On the driver: {@code x} with the files it names, read from the disk once more. Parsing again
     * reads exactly the files the runs need, because the parser builds every sweep point's workload
     * (a file named through a swept parameter included).
     */
    static ExperimentBundle of(Experiment x) {
        if (x.sourceText().isEmpty()) throw new IllegalArgumentException(x.file() + ": an experiment not read from a text cannot be sent");
        Path dir = x.baseDir();
        Map<String, byte[]> read = new ConcurrentHashMap<>();
        ExperimentParser.parse(x.file(), x.sourceText(), dir, (f, maxChars) -> {
            String t = InputText.read(f, maxChars);
            read.put(key(dir, f), t.getBytes(StandardCharsets.UTF_8));
            return t;
        });
        return new ExperimentBundle(x.file(), dir == null ? null : dir.toString(), x.sourceText(), Map.copyOf(read));
    }

    /** On an executor: the experiment parsed from the bundle alone. */
    Experiment parse() {
        Path dir = baseDir == null ? null : Path.of(baseDir);
        return ExperimentParser.parse(file, text, dir, (f, maxChars) -> {
            byte[] t = files.get(key(dir, f));
            // the driver's parse read every file a run can name: a file missing here is procsim's bug, not bad input
            if (t == null) throw new IllegalStateException(f + ": not read by the driver, so the job does not carry it");
            return new String(t, StandardCharsets.UTF_8);
        });
    }

    /** The names of the files carried (relative to the experiment's folder, with '/'). */
    java.util.Set<String> files() {
        return files.keySet();
    }

    /**
     * A file's key: its path relative to the experiment's folder, with '/' between names, so that
     * the driver and an executor (whatever its own file system) compute the same one.
     */
    static String key(Path dir, Path file) {
        Path f = file.normalize();
        Path k = dir == null || dir.isAbsolute() != f.isAbsolute() ? f : dir.normalize().relativize(f);
        return k.toString().replace(f.getFileSystem().getSeparator(), "/");
    }
}
