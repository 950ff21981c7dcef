package dev.procsim.report;

import dev.procsim.report.run.ExperimentRunner;
import dev.procsim.report.run.SequentialRunner;
import dev.procsim.report.stats.Aggregate;
import dev.procsim.report.stats.SequentialStopping;
import dev.procsim.report.text.Fmt;
import dev.procsim.report.text.Lang;
import dev.procsim.workload.Experiment;
import dev.procsim.workload.Statistics;
import java.util.ArrayList;
import java.util.List;

/**
 * The run description's sentences on how the results were estimated (the {@code statistics:}
 * section): the warm-up cut, batch means, and how many replications sequential stopping needed
 * and which combination set the pace. Empty for an experiment without that section.
 */
final class StatisticsNote {
    private StatisticsNote() {}

    static List<String> of(ExperimentRunner.Result r, List<Aggregate> aggs, Lang lang) {
        Experiment x = r.experiment();
        Statistics st = x.statistics();
        List<String> out = new ArrayList<>();
        if (st.warmup() == Statistics.Warmup.FIXED) out.add(lang.t("stat_warmup_fixed").formatted(ms(st.warmupNs())));
        if (st.warmup() == Statistics.Warmup.AUTO) {
            List<String> cuts = new ArrayList<>();
            boolean any = false;
            for (Aggregate a : aggs) {
                Double c = a.runs.get(0).metrics.get("warmup_cut_ns");
                any |= c != null && c > 0;
                cuts.add(ms(c == null ? 0 : c) + (aggs.size() > 1 ? " (" + x.shortLabel(a.point) + ")" : ""));
            }
            out.add(any ? lang.t("stat_warmup_auto").formatted(String.join(", ", cuts)) : lang.t("stat_warmup_auto_none"));
        }
        if (st.method() == Statistics.Method.BATCH_MEANS && !aggs.isEmpty()) {
            Double b = aggs.get(0).runs.get(0).metrics.get("bm_batches"), l = aggs.get(0).runs.get(0).metrics.get("bm_lag1");
            out.add(lang.t("stat_batch_means").formatted(b == null ? "-" : Fmt.num(b), l == null ? "-" : Fmt.num(Math.round(l * 1000) / 1000.0)));
        }
        if (st.sequential() && !r.runs().isEmpty()) {
            SequentialStopping.Decision d = SequentialRunner.decide(x, r.runs());
            String pace = x.shortLabel(x.points().get(d.pacing()));
            String rel = Fmt.num(st.relative() * 100) + "%";
            String metric = lang == Lang.EN ? decap(lang.t(st.precisionMetric())) : "«" + lang.t(st.precisionMetric()) + "»";
            out.add(d.met() ? lang.t("stat_precision_met").formatted(metric, rel, x.replications(), pace)
                    : lang.t("stat_precision_cap").formatted(metric, rel, x.replications(), pace, d.needed()));
        }
        return out;
    }

    /** "Mean turnaround time" inside a sentence: "mean turnaround time". */
    private static String decap(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    private static String ms(double ns) {
        return Fmt.num(Math.round(ns / 1e3) / 1e3) + " ms";
    }
}
