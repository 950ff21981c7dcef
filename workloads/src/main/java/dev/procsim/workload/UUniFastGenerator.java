package dev.procsim.workload;

import dev.procsim.kernel.Action;
import dev.procsim.kernel.ProcessSpec;
import dev.procsim.sched.UUniFast;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * {@code uunifast}: n periodic tasks whose utilisations sum to U (Bini and Buttazzo's UUniFast),
 * periods log-uniform in [period_min, period_max], optionally rounded to a multiple of
 * {@code round}; wcet = u_i * period (at least 1 ns), deadline = period. U above the CPU count is
 * an error: no scheduler could meet it.
 */
final class UUniFastGenerator implements Generator {
    public String name() {
        return "uunifast";
    }

    public String description() {
        return "n periodic real-time tasks with total utilisation U (UUniFast), log-uniform periods";
    }

    public List<Param> params() {
        return List.of(new Param("n", "8", "number of tasks"),
                new Param("utilization", null, "total utilisation U (at most the number of CPUs)"),
                new Param("period_min", "10ms", "shortest period"),
                new Param("period_max", "1s", "longest period"),
                new Param("round", "0ms", "round periods to a multiple of this (0: no rounding)"),
                new Param("name", "rt", "prefix of task names"));
    }

    public void generate(GeneratorArgs a) {
        int n = (int) a.integer("n", 1, 100_000);
        double u = a.number("utilization", 1e-9, 4096);
        long pmin = a.duration("period_min", true);
        long pmax = a.duration("period_max", true);
        long round = a.duration("round", false);
        String prefix = a.text("name");
        if (u > a.cpus()) {
            a.error("utilization", "U = " + u + " is more than the " + a.cpus() + " CPU(s) can run (U <= cpus)");
            return;
        }
        if (pmin > pmax) {
            a.error("period_min", "period_min must not exceed period_max");
            return;
        }
        if (prefix == null) return;
        UniformRandomProvider rng = a.stream("uunifast");
        double[] us = utilisations(n, u, rng);
        UniformRandomProvider prng = a.stream("periods");
        for (int i = 0; i < n; i++) {
            double logp = Math.log(pmin) + prng.nextDouble() * (Math.log(pmax) - Math.log(pmin));
            long period = Math.round(Math.exp(logp));
            if (round > 0) period = Math.max(round, Math.round((double) period / round) * round);
            long wcet = Math.max(1, Math.round(us[i] * period));
            if (wcet > period) wcet = period;
            String program = a.addProgram(prefix + "-" + i, List.of(new Action.Periodic(period, wcet, period, 0, -1)));
            a.addProcess(ProcessSpec.of(prefix + "-" + i, 0, program));
        }
    }

    /** The n utilisations (public to the package for tests: they sum to U, each in [0, 1] when U <= 1). */
    static double[] utilisations(int n, double u, UniformRandomProvider rng) {
        return UUniFast.utilisations(n, u, rng::nextDouble);
    }
}
