package dev.procsim.report.job;

import dev.procsim.report.files.AtomicOutput;
import dev.procsim.report.files.ResultWriter;
import dev.procsim.report.run.ExperimentRunner;
import dev.procsim.report.run.RunSummary;

import dev.procsim.kernel.ScheduleLog;
import dev.procsim.workload.Experiment;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.HdrHistogram.Histogram;

/**
 * Shards merged into one result. A shard's output directory holds, beside the usual files,
 * {@code runs.dat}: what the charts and statistics need of its runs (metrics as exact doubles,
 * resampled series, schedules) and its latency histograms per combination. Merging reloads those,
 * splits the shards' CSV rows by run, and writes every file as a single run of all shards would
 * have, byte for byte: the statistics are computed from the same doubles, histogram counts add up
 * the same in any order, and rows are written in run order.
 */
public final class ShardMerge {
    /** Name of the per-shard data file. */
    public static final String DATA_FILE = "runs.dat";
    private static final String MAGIC = "procsim-shard-runs";
    private static final int VERSION = 1;

    /** A shard directory that cannot be merged (missing, foreign, duplicated): bad input. */
    public static final class BadShard extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadShard(String message) {
            super(message);
        }
    }

    /** A shard's data file that cannot be read to its end; {@code shard}/{@code shards} when its header could be read, else 0. */
    private static final class Damaged extends Exception {
        private static final long serialVersionUID = 1L;
        final transient Path data, dir;
        final int shard, shards;

        Damaged(Path data, Path dir, int shard, int shards) {
            super(data.toString(), null, false, false);
            this.data = data;
            this.dir = dir;
            this.shard = shard;
            this.shards = shards;
        }

        /** What the user reads: which file, that it cannot be merged, and the command that makes it anew. */
        BadShard bad(Experiment x, int k, int n) {
            String file = x.file().startsWith("(") ? "EXPERIMENT.yaml" : x.file(); // "(standard input)"
            String command = "procsim run " + file + " --shard " + (k > 0 ? k + "/" + n : "K/N") + " --seed " + x.seed() + " --replications "
                    + x.replications() + " --out " + dir;
            return new BadShard(data + ": damaged (truncated or corrupt), so " + dir + " cannot be merged; run "
                    + (k > 0 ? "shard " + k + "/" + n : "that shard") + " again (" + command + (k > 0 ? "" : ", with its K/N") + "), then merge again");
        }
    }

    private ShardMerge() {}

    /** Writes {@code runs.dat} for a shard's result (after its runs were compacted). */
    static void writeData(ExperimentRunner.Result r, Path dir) throws IOException {
        try (DataOutputStream o = new DataOutputStream(new BufferedOutputStream(new GZIPOutputStream(Files.newOutputStream(dir.resolve(DATA_FILE)))))) {
            o.writeUTF(MAGIC);
            o.writeInt(VERSION);
            o.writeInt(r.shard());
            o.writeInt(r.shards());
            o.writeBoolean(r.partial());
            o.writeInt(r.runs().size());
            for (RunSummary s : r.runs()) {
                o.writeInt(ResultWriter.runIndex(s, r.experiment()));
                o.writeUTF(s.stopReason);
                o.writeInt(s.metrics.size());
                for (var e : s.metrics.entrySet()) {
                    o.writeUTF(e.getKey());
                    o.writeDouble(e.getValue());
                }
                o.writeInt(s.series.size());
                for (RunSummary.Series ser : s.series) {
                    o.writeUTF(ser.name());
                    o.writeInt(ser.times().length);
                    for (int i = 0; i < ser.times().length; i++) {
                        o.writeLong(ser.times()[i]);
                        o.writeLong(ser.values()[i]);
                    }
                }
                o.writeInt(s.schedule.size());
                for (ScheduleLog.Segment g : s.schedule) {
                    o.writeInt(g.cpu());
                    o.writeInt(g.pid());
                    o.writeUTF(g.task());
                    o.writeLong(g.start());
                    o.writeLong(g.end());
                }
            }
            o.writeInt(r.histograms().size());
            for (var e : r.histograms().entrySet()) {
                o.writeInt(e.getKey());
                for (Histogram h : e.getValue()) {
                    ByteBuffer b = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
                    int n = h.encodeIntoCompressedByteBuffer(b);
                    o.writeInt(n);
                    o.write(b.array(), 0, n);
                }
            }
        }
    }

    /** One shard as read back. */
    private record Shard(Path dir, int shard, int shards, boolean partial, List<RunSummary> runs, Map<Integer, Histogram[]> histograms) {}

    /**
     * Merges shard directories of experiment {@code x} (with its seed and replication overrides
     * already applied) into {@code out}, written atomically. Every shard 1..N must be given once;
     * the result is partial when any shard is.
     */
    public static ExperimentRunner.Result merge(Experiment x, List<Path> dirs, Path out, ExperimentJob.Options o) throws IOException {
        String expected = ResultWriter.experimentYaml(x);
        List<Shard> shards = new ArrayList<>();
        Damaged damaged = null;
        for (Path d : dirs) {
            try {
                shards.add(read(x, d, expected));
            } catch (Damaged e) {
                if (e.shard > 0) throw e.bad(x, e.shard, e.shards);
                if (damaged == null) damaged = e; // which shard it is may follow from the others
            }
        }
        if (damaged != null) {
            int n = shards.isEmpty() ? 0 : shards.get(0).shards();
            List<Integer> absent = new ArrayList<>();
            for (int k = 1; k <= n; k++) {
                final int kk = k;
                if (shards.stream().noneMatch(s -> s.shard() == kk)) absent.add(k);
            }
            throw absent.size() == 1 && dirs.size() == n ? damaged.bad(x, absent.get(0), n) : damaged.bad(x, 0, 0);
        }
        int n = shards.get(0).shards();
        Shard[] byK = new Shard[n + 1];
        for (Shard s : shards) {
            if (s.shards() != n) {
                throw new BadShard(s.dir() + ": shard " + s.shard() + "/" + s.shards() + " does not belong with " + shards.get(0).dir() + " (shard "
                        + shards.get(0).shard() + "/" + n + ")");
            }
            if (byK[s.shard()] != null) throw new BadShard(s.dir() + ": shard " + s.shard() + "/" + n + " given twice (also " + byK[s.shard()].dir() + ")");
            byK[s.shard()] = s;
        }
        List<String> missing = new ArrayList<>();
        for (int k = 1; k <= n; k++) if (byK[k] == null) missing.add(k + "/" + n);
        if (!missing.isEmpty()) throw new BadShard("shard " + String.join(", ", missing) + " missing: every shard of the experiment is needed");

        List<RunSummary> runs = new ArrayList<>();
        Map<Integer, Histogram[]> hist = new TreeMap<>();
        boolean partial = false;
        for (Shard s : shards) {
            runs.addAll(s.runs());
            partial |= s.partial();
            for (var e : s.histograms().entrySet()) {
                Histogram[] h = hist.computeIfAbsent(e.getKey(), k -> new Histogram[] {new Histogram(3), new Histogram(3)});
                h[0].add(e.getValue()[0]);
                h[1].add(e.getValue()[1]);
            }
        }
        runs.sort(Comparator.comparingInt(s -> ResultWriter.runIndex(s, x)));
        ExperimentRunner.Result r = new ExperimentRunner.Result(x, runs, partial, 1, 1, hist);
        try (AtomicOutput a = new AtomicOutput(out, o.force())) {
            Path parts = Files.createDirectories(a.dir().resolve("parts"));
            for (Shard s : shards) {
                for (String kind : ResultWriter.PARTS) splitRows(s.dir().resolve(kind + ".csv"), kind, parts);
            }
            // Runs without rows (a schedule only comes from replication 0) still need an empty part.
            for (RunSummary s : runs) {
                for (String kind : ResultWriter.PARTS) {
                    Path p = parts.resolve(ResultWriter.runIndex(s, x) + "." + kind);
                    if (!Files.exists(p)) Files.createFile(p);
                }
            }
            for (Shard s : shards) copyTraces(s.dir().resolve("traces"), a.dir().resolve("traces"));
            ExperimentJob.write(r, a.dir(), o);
            a.commit();
        }
        return r;
    }

    /** The shards' trace files, each written by the shard that ran its combination's first replication. */
    private static void copyTraces(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) return;
        Files.createDirectories(to);
        try (java.util.stream.Stream<Path> files = Files.list(from)) {
            for (Path f : (Iterable<Path>) files.sorted()::iterator) Files.copy(f, to.resolve(f.getFileName().toString()));
        }
    }

    private static Shard read(Experiment x, Path dir, String expectedYaml) throws IOException, Damaged {
        if (!Files.exists(dir)) {
            throw new BadShard(dir + ": does not exist; --merge takes the output folders of run --shard K/N, one for each shard");
        }
        if (!Files.isDirectory(dir)) {
            throw new BadShard(dir + ": is a file, not a folder; --merge takes the output folders of run --shard K/N, one for each shard");
        }
        String yaml;
        try {
            yaml = Files.readString(dir.resolve("experiment.yaml"), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BadShard(dir + ": not a procsim result folder (it has no experiment.yaml); --merge takes the output folders of"
                    + " run --shard K/N, one for each shard");
        }
        if (!yaml.equals(expectedYaml)) {
            throw new BadShard(dir + "/experiment.yaml: a different experiment (or seed, or replications) from " + x.file()
                    + "; merge only shards of one run command");
        }
        Path data = dir.resolve(DATA_FILE);
        if (!Files.exists(data)) throw new BadShard(dir + ": no " + DATA_FILE + "; only outputs of run --shard K/N can be merged");
        int[] header = {0, 0}; // this shard's K and N, once read: to say which shard to run again
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(Files.newInputStream(data))))) {
            if (!in.readUTF().equals(MAGIC) || in.readInt() != VERSION) throw new BadShard(data + ": not a procsim " + DATA_FILE + " of this version");
            int shard = in.readInt(), shards = in.readInt();
            if (shards < 1 || shard < 1 || shard > shards) throw new DataFormatException("shard " + shard + "/" + shards);
            header[0] = shard;
            header[1] = shards;
            boolean partial = in.readBoolean();
            List<Experiment.Point> points = x.points();
            int reps = x.replications();
            int count = in.readInt();
            if (count < 0 || count > points.size() * reps) throw new DataFormatException("run count " + count);
            List<RunSummary> runs = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int run = in.readInt();
                if (run < 0 || run >= points.size() * reps) throw new BadShard(data + ": run " + run + " is not a run of this experiment");
                String stop = in.readUTF();
                Map<String, Double> metrics = new LinkedHashMap<>();
                for (int m = in.readInt(); m > 0; m--) metrics.put(in.readUTF(), in.readDouble());
                List<RunSummary.Series> series = new ArrayList<>();
                for (int m = in.readInt(); m > 0; m--) {
                    String name = in.readUTF();
                    int len = in.readInt();
                    if (len < 0) throw new DataFormatException("negative length");
                    // grown as read, not allocated from the length: a damaged length runs into the end of the file, not out of memory
                    long[] t = new long[Math.min(len, 1024)], v = new long[t.length];
                    for (int j = 0; j < len; j++) {
                        if (j == t.length) {
                            t = java.util.Arrays.copyOf(t, (int) Math.min(len, 2L * t.length));
                            v = java.util.Arrays.copyOf(v, t.length);
                        }
                        t[j] = in.readLong();
                        v[j] = in.readLong();
                    }
                    series.add(new RunSummary.Series(name, t, v));
                }
                List<ScheduleLog.Segment> schedule = new ArrayList<>();
                for (int m = in.readInt(); m > 0; m--) {
                    schedule.add(new ScheduleLog.Segment(in.readInt(), in.readInt(), in.readUTF(), in.readLong(), in.readLong()));
                }
                runs.add(new RunSummary(points.get(run / reps), run % reps, stop, metrics, series, schedule));
            }
            Map<Integer, Histogram[]> hist = new TreeMap<>();
            for (int c = in.readInt(); c > 0; c--) {
                int combination = in.readInt();
                Histogram[] h = new Histogram[2];
                for (int j = 0; j < 2; j++) {
                    int len = in.readInt();
                    if (len < 0) throw new DataFormatException("negative length");
                    byte[] b = in.readNBytes(len); // allocated as read
                    if (b.length < len) throw new EOFException();
                    h[j] = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(b), 0);
                }
                hist.put(combination, h);
            }
            return new Shard(dir, shard, shards, partial, runs, hist);
        } catch (BadShard e) {
            throw e;
        } catch (NoSuchFileException | java.nio.file.AccessDeniedException e) { // the file itself, not its contents
            throw e;
        } catch (IOException | DataFormatException | RuntimeException e) {
            // a cut-off or corrupt file shows as any of these (end of file, a bad gzip or deflate stream or
            // checksum, a string or histogram that does not decode): the cause is of no use to the user
            throw new Damaged(data, dir, header[0], header[1]);
        }
    }

    /**
     * Splits a result CSV into {@code parts/<run>.<kind>} files: each record (quoted fields may
     * hold line breaks) goes, unchanged, to the part of the run named in its first column.
     */
    static void splitRows(Path csv, String kind, Path parts) throws IOException {
        if (!Files.exists(csv)) throw new BadShard(csv + ": missing");
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            StringBuilder rec = new StringBuilder();
            boolean header = true;
            int current = -1;
            Writer w = null;
            try {
                int c;
                boolean quoted = false;
                while ((c = in.read()) >= 0) {
                    rec.append((char) c);
                    if (c == '"') quoted = !quoted;
                    if (c != '\n' || quoted) continue;
                    if (header) {
                        header = false;
                    } else {
                        int run = runOf(rec, csv);
                        if (run != current) {
                            if (w != null) w.close();
                            w = Files.newBufferedWriter(parts.resolve(run + "." + kind), StandardCharsets.UTF_8,
                                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                            current = run;
                        }
                        w.append(rec);
                    }
                    rec.setLength(0);
                }
                if (rec.length() > 0) {
                    throw new BadShard(csv + ": the last row is cut off (no line break at the end), so " + csv.getParent()
                            + " cannot be merged; run that shard again, then merge again");
                }
            } finally {
                if (w != null) w.close();
            }
        }
    }

    private static int runOf(CharSequence rec, Path csv) {
        int run = 0, i = 0;
        while (i < rec.length() && Character.isDigit(rec.charAt(i)) && i < 9) run = run * 10 + (rec.charAt(i++) - '0');
        if (i == 0 || i >= rec.length() || rec.charAt(i) != ',') throw new BadShard(csv + ": a row does not start with a run number");
        return run;
    }
}
