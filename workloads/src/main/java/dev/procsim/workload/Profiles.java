package dev.procsim.workload;

import dev.procsim.engine.Distribution;
import dev.procsim.engine.SimTime;
import dev.procsim.kernel.Action;
import dev.procsim.kernel.Dur;
import java.util.List;

/**
 * The built-in process profiles: {@code interactive} (20 short CPU bursts, exponential with mean
 * 2 ms, each followed by exponential I/O with mean 20 ms: an editor or a shell session) and
 * {@code batch} (4 long bursts, mean 100 ms, with 2 ms of I/O between: a compiler). {@code mixed}
 * is a blend of the two; which tasks are interactive is decided by position, not by chance
 * (task i is interactive when floor((i+1)f) > floor(i f) for the interactive fraction f).
 */
final class Profiles {
    static final List<String> NAMES = List.of("interactive", "batch", "mixed");

    private Profiles() {}

    static List<Action> interactive(String stream) {
        return bursts(20, 2 * SimTime.MS, 20 * SimTime.MS, stream + ".interactive");
    }

    static List<Action> batch(String stream) {
        return bursts(4, 100 * SimTime.MS, 2 * SimTime.MS, stream + ".batch");
    }

    /** {@code n} exponential CPU bursts with exponential I/O between them (none after the last). */
    static List<Action> bursts(int n, long burstMean, long ioMean, String stream) {
        Dur burst = Dur.random(Distribution.exponential(burstMean), stream + ".burst");
        Dur io = Dur.random(Distribution.exponential(ioMean), stream + ".io");
        return List.of(new Action.Repeat(n - 1, List.of(new Action.Compute(burst), new Action.Io(io))), new Action.Compute(burst));
    }

    /** Whether task {@code i} of a mixed population is interactive. */
    static boolean interactiveAt(long i, double fraction) {
        return Math.floor((i + 1) * fraction) > Math.floor(i * fraction);
    }
}
