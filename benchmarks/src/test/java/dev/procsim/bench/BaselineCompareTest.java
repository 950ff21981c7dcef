package dev.procsim.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BaselineCompareTest {
    /** A JMH result entry as JMH's JSON writes it (only the fields the guard reads). */
    static String entry(String bench, String mode, double score, String unit, Double alloc, String params) {
        return """
                {"benchmark": "dev.procsim.bench.%s", "mode": "%s", %s
                 "primaryMetric": {"score": %s, "scoreUnit": "%s"},
                 "secondaryMetrics": {%s}}
                """.formatted(bench, mode, params == null ? "" : "\"params\": " + params + ",", score, unit,
                alloc == null ? "" : "\"gc.alloc.rate.norm\": {\"score\": " + alloc + ", \"scoreUnit\": \"B/op\"}");
    }

    static Map<String, BaselineCompare.Score> read(String... entries) throws Exception {
        return BaselineCompare.read(new ObjectMapper().readTree("[" + String.join(",", entries) + "]"));
    }

    static int run(Map<String, BaselineCompare.Score> b, Map<String, BaselineCompare.Score> c) {
        return BaselineCompare.report(b, c, new PrintStream(new ByteArrayOutputStream()));
    }

    @Test
    void throughputWithinThirtyPercentPassesBeyondFails() throws Exception {
        var base = read(entry("Q.hold", "thrpt", 10.0, "ops/us", 0.0, "{\"size\": \"1000\"}"));
        // 8 ops/us: time per op grew by 25%, within the bound.
        assertThat(run(base, read(entry("Q.hold", "thrpt", 8.0, "ops/us", 0.0, "{\"size\": \"1000\"}")))).isZero();
        // 7.5 ops/us: time per op grew by 33%: a regression.
        assertThat(run(base, read(entry("Q.hold", "thrpt", 7.5, "ops/us", 0.0, "{\"size\": \"1000\"}")))).isEqualTo(1);
        // A different parameter set is not compared with it.
        assertThat(run(base, read(entry("Q.hold", "thrpt", 1.0, "ops/us", 0.0, "{\"size\": \"5\"}")))).isZero();
    }

    @Test
    void timeModesAreInverted() throws Exception {
        var base = read(entry("Churn.run", "ss", 100.0, "ms/op", null, null));
        assertThat(run(base, read(entry("Churn.run", "ss", 125.0, "ms/op", null, null)))).isZero();
        assertThat(run(base, read(entry("Churn.run", "ss", 135.0, "ms/op", null, null)))).isEqualTo(1);
        assertThat(BaselineCompare.compare(base, read(entry("Churn.run", "ss", 50.0, "ms/op", null, null))).get(0).ratio()).isEqualTo(2.0);
    }

    @Test
    void anyGrowthOfAllocationFails() throws Exception {
        var base = read(entry("Q.hold", "thrpt", 10.0, "ops/us", 0.0, null), entry("K.mm1", "thrpt", 5.0, "ops/s", 1000.0, null));
        assertThat(run(base, read(entry("Q.hold", "thrpt", 10.0, "ops/us", 0.001, null), entry("K.mm1", "thrpt", 5.0, "ops/s", 1005.0, null))))
                .as("sampling noise").isZero();
        assertThat(run(base, read(entry("Q.hold", "thrpt", 10.0, "ops/us", 16.0, null), entry("K.mm1", "thrpt", 5.0, "ops/s", 1000.0, null))))
                .as("an allocation per event appeared").isEqualTo(1);
        assertThat(run(base, read(entry("Q.hold", "thrpt", 20.0, "ops/us", 0.0, null), entry("K.mm1", "thrpt", 5.0, "ops/s", 1040.0, null))))
                .as("4% more per customer").isEqualTo(1);
    }

    /** A benchmark that was slow in the first run and fine in the confirming rerun is not a regression. */
    @Test
    void aRegressionMustHoldInEveryRun() throws Exception {
        var base = read(entry("Q.hold", "thrpt", 10.0, "ops/us", 0.0, null));
        var slow = read(entry("Q.hold", "thrpt", 6.0, "ops/us", 0.0, null));
        var fine = read(entry("Q.hold", "thrpt", 9.5, "ops/us", 0.0, null));
        assertThat(run(base, BaselineCompare.best(java.util.List.of(slow, fine)))).isZero();
        assertThat(run(base, BaselineCompare.best(java.util.List.of(slow, slow)))).isEqualTo(1);
    }

    /** A 5 us single shot is at the timer's resolution: only its allocation is judged. */
    @Test
    void singleShotsShorterThanATenthOfAMillisecondAreNotTimed() throws Exception {
        var base = read(entry("F.vfork", "ss", 0.005, "ms/op", 5696.0, null), entry("F.cow", "ss", 1.2, "ms/op", 1000.0, null));
        assertThat(run(base, read(entry("F.vfork", "ss", 0.009, "ms/op", 5696.0, null), entry("F.cow", "ss", 1.3, "ms/op", 1000.0, null)))).isZero();
        assertThat(run(base, read(entry("F.vfork", "ss", 0.005, "ms/op", 6000.0, null), entry("F.cow", "ss", 1.2, "ms/op", 1000.0, null))))
                .isEqualTo(1);
        assertThat(run(base, read(entry("F.vfork", "ss", 0.005, "ms/op", 5696.0, null), entry("F.cow", "ss", 1.7, "ms/op", 1000.0, null))))
                .isEqualTo(1);
    }
}
