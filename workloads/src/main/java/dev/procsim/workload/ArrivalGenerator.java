package dev.procsim.workload;

import dev.procsim.engine.Distribution;
import dev.procsim.engine.DoubleSampler;
import dev.procsim.kernel.Action;
import dev.procsim.kernel.Dur;
import dev.procsim.kernel.ProcessSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * {@code poisson}: arrivals with exponential interarrival times (a Poisson process); {@code
 * uniform}: interarrival times uniform on [mean (1 - jitter), mean (1 + jitter)] (jitter 0: evenly
 * spaced). Either a {@code rate} or a {@code mean_interarrival}. Each arrival runs {@code program}
 * (a program under {@code programs}, or a profile: interactive, batch, mixed), or, when
 * {@code burst} is given, computes {@code bursts} bursts with {@code io} between them and exits.
 */
final class ArrivalGenerator implements Generator {
    static final long MAX_COUNT = 10_000_000;
    private final boolean poisson;

    ArrivalGenerator(boolean poisson) {
        this.poisson = poisson;
    }

    public String name() {
        return poisson ? "poisson" : "uniform";
    }

    public String description() {
        return poisson ? "Poisson arrivals (exponential interarrival times) of processes running a program or profile"
                : "arrivals with uniform interarrival times (evenly spaced with jitter 0)";
    }

    public List<Param> params() {
        List<Param> p = new ArrayList<>(List.of(
                new Param("rate", Param.OPTIONAL, "arrivals per unit of time, like 200/s (or give mean_interarrival)"),
                new Param("mean_interarrival", Param.OPTIONAL, "mean time between arrivals (or give rate)"),
                new Param("count", "100", "number of arrivals"),
                new Param("start", "0ms", "time of the first arrival's clock start"),
                new Param("program", "mixed", "program each arrival runs: one under 'programs', or interactive, batch, mixed"),
                new Param("interactive_fraction", "0.5", "with program mixed: the share of interactive arrivals"),
                new Param("burst", "10ms", "with burst given: CPU burst length (a duration or distribution)"),
                new Param("bursts", "1", "with burst given: number of CPU bursts"),
                new Param("io", "10ms", "with burst given: I/O time between bursts (a duration or distribution)"),
                new Param("memory", "0B", "private memory of each arriving process"),
                new Param("nice", "0", "nice value of each arriving process"),
                new Param("name", poisson ? "poisson" : "uniform", "prefix of process and program names")));
        if (!poisson) p.add(new Param("jitter", "1", "spread of interarrival times around the mean, 0..1"));
        return p;
    }

    public void generate(GeneratorArgs a) {
        double mean;
        if (a.has("rate") == a.has("mean_interarrival")) {
            a.error(null, "expected exactly one of 'rate' and 'mean_interarrival'");
            return;
        }
        mean = a.has("rate") ? 1e9 / a.rate("rate") : a.duration("mean_interarrival", true);
        long count = a.integer("count", 1, MAX_COUNT);
        long start = a.duration("start", false);
        long memory = a.size("memory");
        int nice = (int) a.integer("nice", -20, 19);
        String prefix = a.text("name");
        double jitter = poisson ? 0 : a.fraction("jitter");
        String[] programs = programs(a);
        if (programs == null || prefix == null) return;
        double f = a.fraction("interactive_fraction");
        UniformRandomProvider rng = a.stream("arrivals");
        // Exponential gaps from the same sampler as every other exponential (Commons RNG's
        // ziggurat): exact in distribution, and several times cheaper than an inverse transform
        // through StrictMath.log1p, which was 7% of a 100,000-customer M/M/1 run.
        DoubleSampler exponential = poisson ? Distribution.exponential(mean).sampler(rng) : null;
        double t = start;
        for (long i = 0; i < count; i++) {
            t += poisson ? exponential.sample() : mean * (1 - jitter + 2 * jitter * rng.nextDouble());
            String program = programs.length == 1 ? programs[0] : Profiles.interactiveAt(i, f) ? programs[0] : programs[1];
            a.addProcess(ProcessSpec.numbered(prefix, (int) i, Math.round(Math.min(t, 9e18)), program, memory, nice)); // count <= 10^7
        }
    }

    /** One program, or for mixed the interactive and batch programs. */
    private static String[] programs(GeneratorArgs a) {
        if (a.has("burst")) {
            if (a.has("program")) {
                a.error("program", "give either 'program' or 'burst', not both");
                return null;
            }
            Dur burst = a.dur("burst");
            int n = (int) a.integer("bursts", 1, 1_000_000);
            Dur io = a.dur("io");
            List<Action> body = n == 1 ? List.of(new Action.Compute(burst))
                    : List.of(new Action.Repeat(n - 1, List.of(new Action.Compute(burst), new Action.Io(io))), new Action.Compute(burst));
            return new String[] {a.addProgram("job", body)};
        }
        String p = a.text("program");
        if (p == null) return null;
        return switch (p) {
            case "interactive" -> new String[] {a.addProgram("interactive", Profiles.interactive(a.path("program")))};
            case "batch" -> new String[] {a.addProgram("batch", Profiles.batch(a.path("program")))};
            case "mixed" -> new String[] {a.addProgram("interactive", Profiles.interactive(a.path("program"))),
                    a.addProgram("batch", Profiles.batch(a.path("program")))};
            default -> new String[] {a.userProgram("program")};
        };
    }
}
