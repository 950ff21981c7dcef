package dev.procsim.spark;

import dev.procsim.report.job.ShardMerge;
import dev.procsim.report.run.Progress;

import dev.procsim.report.job.ExperimentJob;
import dev.procsim.report.job.RunEngine;
import dev.procsim.report.run.ExperimentRunner;

import dev.procsim.workload.Experiment;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * {@code procsim run FILE --engine spark}: every run of the experiment is a Spark task. The driver
 * reads and checks the experiment, broadcasts it with the files it names (an {@link ExperimentBundle}:
 * executors need no shared file system), makes one task per run (so that Spark retries and
 * speculates per run), each task runs its run as procsim's shard (r + 1)/N of N (the code path of
 * {@code procsim run --shard}: the same streams from (seed, replication), whatever the executor or
 * the attempt) and sends back the shard's files; the driver merges them with the shard merge,
 * whose files are byte for byte those of one unsharded run.
 */
public final class SparkEngine implements RunEngine {
    /** Embedded Spark with two threads and up to 4 attempts per task, unless --master says otherwise. */
    public static final String DEFAULT_MASTER = "local[*,4]";

    /** Called once the experiment is broadcast, before the job starts (tests: the driver's files go away then). */
    private final Runnable beforeJob;

    public SparkEngine() {
        this(() -> {});
    }

    SparkEngine(Runnable beforeJob) {
        this.beforeJob = beforeJob;
    }

    @Override
    public String name() {
        return "spark";
    }

    @Override
    public ExperimentRunner.Result run(Path file, Experiment x, Path out, String master, ExperimentJob.Options o, PrintWriter err)
            throws IOException {
        int n = ExperimentRunner.runCount(x);
        ExperimentBundle bundle = ExperimentBundle.of(x); // the files named, read before Spark starts: a missing one fails fast
        // Under spark-submit the master and the jars come from its configuration (spark.master set);
        // otherwise --master, or embedded Spark. On a cluster, executors get procsim's jar (-all).
        SparkConf conf = new SparkConf();
        if (master != null || !conf.contains("spark.master")) conf.setMaster(master == null ? DEFAULT_MASTER : master);
        if (conf.get("spark.master").startsWith("spark://") && !conf.contains("spark.jars")) {
            String jar = procsimJar();
            if (jar != null) conf.set("spark.jars", jar);
        }
        conf.setAppName("procsim " + x.name())
                .set("spark.ui.enabled", "false")
                .set("spark.task.maxFailures", "4");
        // On this machine (embedded Spark, or a master on localhost) the driver listens on the loopback only;
        // a cluster of several machines must reach it by its host name (or spark.driver.host, as spark-submit sets it).
        String m = conf.get("spark.master");
        if ((m.startsWith("local") || m.contains("://127.0.0.1") || m.contains("://localhost")) && !conf.contains("spark.driver.host")) {
            conf.set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
        }
        List<Tuple2<Integer, byte[]>> shards;
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            sc.setLogLevel("ERROR");
            RunTask task = new RunTask(sc.broadcast(bundle), x.seed(), x.replications(), n, o.lang().name(), o.traces().name());
            beforeJob.run();
            List<Integer> runs = IntStream.range(0, n).boxed().toList();
            if (!o.quiet()) {
                err.println("procsim: " + n + " runs as Spark tasks on " + sc.master());
                sc.sc().addSparkListener(new Progress(n, err));
            }
            // Ctrl-C: the Spark job is cancelled (Spark's own hook then stops the context); nothing is written
            java.util.concurrent.atomic.AtomicBoolean cancelled = new java.util.concurrent.atomic.AtomicBoolean();
            Thread cancel = new Thread(() -> {
                cancelled.set(true);
                err.println();
                err.println("procsim: stopping (Ctrl-C): cancelling the Spark job; nothing is written");
                err.flush();
                sc.setLogLevel("OFF"); // the cancelled tasks' errors are expected
                sc.cancelAllJobs();
            }, "procsim-spark-cancel");
            Runtime.getRuntime().addShutdownHook(cancel);
            try {
                shards = sc.parallelize(runs, n).map(i -> new Tuple2<>(i, task.run(i))).collect();
            } catch (Exception e) { // Spark's SparkException (undeclared: thrown from Scala) once a task failed every attempt
                if (cancelled.get()) throw new ExperimentRunner.SimulationFailure("stopped by Ctrl-C: the Spark job was cancelled", e);
                throw new ExperimentRunner.SimulationFailure("a run failed on every attempt Spark made: " + rootMessage(e), e);
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(cancel);
                } catch (IllegalStateException e) {
                    // shutting down already
                }
            }
        }
        Path tmp = Files.createTempDirectory("procsim-spark");
        try {
            List<Path> dirs = new ArrayList<>();
            for (Tuple2<Integer, byte[]> s : shards) {
                Path d = tmp.resolve("run-" + s._1());
                Zip.unzip(s._2(), d);
                dirs.add(d);
            }
            return ShardMerge.merge(x, dirs, out, o);
        } finally {
            Zip.delete(tmp);
        }
    }

    /** The jar of procsim and its libraries without Spark (procsim-spark-*-all.jar) beside this module's jar, or null. */
    static String procsimJar() {
        try {
            Path here = Path.of(SparkEngine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path dir = here.getParent(); // target/, from target/classes or target/procsim-spark-*.jar
            try (java.util.stream.Stream<Path> s = Files.list(dir)) {
                return s.filter(p -> p.getFileName().toString().matches("procsim-spark-.*-all\\.jar")).map(Path::toString).findFirst().orElse(null);
            }
        } catch (Exception e) {
            return null;
        }
    }

    /** The innermost message: the run's own error, with its run index (see RunTask). */
    static String rootMessage(Throwable e) {
        Throwable c = e;
        while (c.getCause() != null && c.getCause() != c) c = c.getCause();
        return c.getMessage() == null ? c.toString() : c.getMessage();
    }

    /** Runs finished across the executors, on stderr at most once a second and at the end. */
    static final class Progress extends org.apache.spark.scheduler.SparkListener {
        private final int total;
        private final PrintWriter err;
        private int done;
        private long last;

        Progress(int total, PrintWriter err) {
            this.total = total;
            this.err = err;
        }

        @Override
        public synchronized void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd end) {
            if (!end.taskInfo().successful()) return;
            done++;
            long now = System.nanoTime();
            if (done == total || now - last > 1_000_000_000L) {
                last = now;
                err.println("procsim: " + done + "/" + total + " runs done");
                err.flush();
            }
        }
    }
}
