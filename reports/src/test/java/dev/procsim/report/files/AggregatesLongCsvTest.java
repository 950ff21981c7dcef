package dev.procsim.report.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.procsim.report.job.ExperimentJobTest;
import dev.procsim.report.run.ExperimentRunner;
import dev.procsim.report.stats.Aggregate;
import dev.procsim.workload.Experiment;
import dev.procsim.workload.ExperimentParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** aggregates-long.csv holds exactly the numbers of aggregates.csv: every wide cell is one long row, and no long row is anything else. */
class AggregatesLongCsvTest {
    @TempDir
    Path dir;

    private static final List<String> STATS = List.of("mean", "sd", "ci95_low", "ci95_high");
    private static final Pattern PERCENTILE = Pattern.compile("(response|fork_latency)_(p[0-9_]+|max)_ns");

    @Test
    void theLongFormHoldsExactlyTheWideFormsNumbers() throws Exception {
        // 2 replications, stopped after 3 runs: combination 0 has n = 2, combination 1 has n = 1 (sd and interval undefined, empty)
        Experiment x = ExperimentParser.parse("small.yaml", ExperimentJobTest.SMALL, dir).with(5, 2);
        AtomicBoolean stop = new AtomicBoolean();
        ExperimentRunner.Result r = ExperimentRunner.run(x, 1, 1, 1, done -> {
            if (done == 3) stop.set(true);
        }, stop);
        assertThat(r.runs()).hasSize(3);
        ResultWriter.write(r, Aggregate.of(r), dir);
        List<String[]> wide = rows(dir.resolve("aggregates.csv"));
        List<String[]> longRows = rows(dir.resolve("aggregates-long.csv"));
        List<String> factors = ResultWriter.factorNames(x);
        int k = factors.size();

        List<String> lh = List.of(longRows.get(0));
        List<String> expectedHeader = new ArrayList<>(List.of("combination"));
        expectedHeader.addAll(factors);
        expectedHeader.addAll(List.of("metric", "statistic", "value", "unit"));
        assertThat(lh).isEqualTo(expectedHeader);
        assertThat(List.of(wide.get(0)).subList(0, 1 + k)).isEqualTo(expectedHeader.subList(0, 1 + k));

        // long rows by (combination, metric, statistic): each key once, the factor cells those of the wide row
        Map<Integer, String[]> wideBy = new HashMap<>();
        for (String[] w : wide.subList(1, wide.size())) wideBy.put(Integer.parseInt(w[0]), w);
        Map<List<String>, String> longBy = new HashMap<>();
        for (String[] l : longRows.subList(1, longRows.size())) {
            assertThat(l).hasSize(expectedHeader.size());
            String[] w = wideBy.get(Integer.parseInt(l[0]));
            assertThat(w).as("combination " + l[0]).isNotNull();
            for (int i = 1; i <= k; i++) assertThat(l[i]).isEqualTo(w[i]);
            assertThat(longBy.put(List.of(l[0], l[k + 1], l[k + 2]), l[k + 3])).as("row %s %s %s twice", l[0], l[k + 1], l[k + 2]).isNull();
            String unit = l[k + 4];
            assertThat(unit).as(l[k + 1]).isEqualTo(AggregatesLongCsv.LATENCIES.contains(l[k + 1]) ? "ns" : MetricUnits.of(l[k + 1])).isNotEmpty();
        }

        // every wide cell taken out of the long rows once (n once per metric), and nothing left over
        String[] header = wide.get(0);
        int empty = 0, cells = 0;
        for (String[] w : wide.subList(1, wide.size())) {
            List<String> metrics = new ArrayList<>();
            for (int c = k + 1; c < header.length; c++) {
                String col = header[c];
                List<String> key = null;
                for (String s : STATS) {
                    if (col.endsWith("_" + s)) {
                        String m = col.substring(0, col.length() - s.length() - 1);
                        key = List.of(w[0], m, s);
                        if (s.equals("mean")) metrics.add(m);
                        break;
                    }
                }
                Matcher p = PERCENTILE.matcher(col);
                if (key == null && p.matches()) key = List.of(w[0], p.group(1) + "_ns", p.group(2));
                if (col.equals("n")) continue;
                assertThat(key).as("wide column " + col).isNotNull();
                assertThat(longBy.remove(key)).as("%s", key).isEqualTo(w[c]);
                cells++;
                if (w[c].isEmpty()) empty++;
            }
            int n = List.of(header).indexOf("n");
            assertThat(metrics).hasSizeGreaterThan(50);
            for (String m : metrics) assertThat(longBy.remove(List.of(w[0], m, "n"))).as(m).isEqualTo(w[n]);
        }
        assertThat(longBy).isEmpty();
        assertThat(wide).hasSize(1 + 2);
        assertThat(wideBy.get(0)[k + 1]).isEqualTo("2");
        assertThat(wideBy.get(1)[k + 1]).isEqualTo("1");
        assertThat(empty).as("combination 1's sd and interval, empty in both").isEqualTo(3 * (cells - 20) / 8);
    }

    private static List<String[]> rows(Path csv) throws Exception {
        String text = Files.readString(csv);
        assertThat(text).doesNotContain("\"").endsWith("\n"); // no quoted cells here: a plain split reads it
        List<String[]> out = new ArrayList<>();
        for (String line : text.split("\n")) out.add(line.split(",", -1));
        return out;
    }
}
