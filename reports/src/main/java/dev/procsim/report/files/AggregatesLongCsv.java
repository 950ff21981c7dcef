package dev.procsim.report.files;

import dev.procsim.report.stats.Aggregate;
import dev.procsim.report.stats.Stats;
import dev.procsim.report.text.Fmt;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * {@code aggregates-long.csv}: the numbers of {@code aggregates.csv} in long ("tidy") form, one
 * row per combination, metric and statistic, with the metric's unit, for tools that filter and
 * pivot rather than pick columns. Each metric's rows are {@code n}, {@code mean}, {@code sd},
 * {@code ci95_low}, {@code ci95_high}; the latency percentiles follow as metrics
 * {@code response_ns} and {@code fork_latency_ns} with statistics {@code p50} ... {@code max}
 * (the names summary.json gives them). Values are formatted as in the wide file, an undefined
 * one (sd with one replication) as empty text. The wide file's single {@code n} is repeated
 * for each metric, so that every metric's rows stand on their own.
 */
final class AggregatesLongCsv {
    private AggregatesLongCsv() {}

    static final String FILE = "aggregates-long.csv";

    /** The latency distributions, as metrics: the merged histograms of {@link Aggregate}, in ns. */
    static final List<String> LATENCIES = List.of("response_ns", "fork_latency_ns");

    static void write(List<Aggregate> aggs, List<String> factors, List<String> metrics, Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            StringBuilder h = new StringBuilder("combination");
            for (String f : factors) h.append(',').append(f);
            w.write(h.append(",metric,statistic,value,unit\n").toString());
            for (Aggregate a : aggs) {
                StringBuilder p = new StringBuilder().append(a.point.index());
                ResultWriter.factorCells(p, a.point);
                String prefix = p.append(',').toString();
                String n = Integer.toString(a.runs.size());
                for (String m : metrics) {
                    Stats s = a.stats.get(m);
                    String unit = MetricUnits.of(m);
                    row(w, prefix, m, "n", n, unit);
                    row(w, prefix, m, "mean", Fmt.num(s.mean()), unit);
                    row(w, prefix, m, "sd", Fmt.num(s.sd()), unit);
                    row(w, prefix, m, "ci95_low", Fmt.num(s.ciLow()), unit);
                    row(w, prefix, m, "ci95_high", Fmt.num(s.ciHigh()), unit);
                }
                Histogram[] lat = {a.response, a.forkLatency};
                for (int i = 0; i < lat.length; i++) {
                    for (Map.Entry<String, Long> e : Aggregate.percentiles(lat[i]).entrySet()) {
                        row(w, prefix, LATENCIES.get(i), e.getKey(), Long.toString(e.getValue()), MetricUnits.NS);
                    }
                }
            }
        }
    }

    private static void row(BufferedWriter w, String prefix, String metric, String statistic, String value, String unit) throws IOException {
        w.write(prefix);
        w.write(metric);
        w.write(',');
        w.write(statistic);
        w.write(',');
        w.write(value);
        w.write(',');
        w.write(unit);
        w.write('\n');
    }
}
