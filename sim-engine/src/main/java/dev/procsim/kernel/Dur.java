package dev.procsim.kernel;

import dev.procsim.engine.Distribution;

/**
 * A duration in a program: a constant number of nanoseconds, or a distribution (in nanoseconds)
 * sampled from a named stream. Each task samples from its own copy of the named stream (the
 * stream name plus the task's identity), so a task draws the same durations whatever the
 * scheduler or fork strategy does around it (common random numbers).
 */
public sealed interface Dur {
    /** A block of this length never ends (a task sleeping on something that never comes). */
    Dur FOREVER = new Fixed(dev.procsim.engine.SimTime.NEVER);

    static Dur of(long nanos) {
        return new Fixed(nanos);
    }

    static Dur random(Distribution distribution, String stream) {
        return new Random(distribution, stream);
    }

    /** Expected value in ns (for documentation and estimates). */
    double mean();

    record Fixed(long nanos) implements Dur {
        public Fixed {
            if (nanos < 0) throw new IllegalArgumentException("duration must be >= 0 ns, was " + nanos);
        }

        public double mean() {
            return nanos;
        }
    }

    record Random(Distribution distribution, String stream) implements Dur {
        public Random {
            if (distribution == null || stream == null || stream.isEmpty()) {
                throw new IllegalArgumentException("a random duration needs a distribution and a stream name");
            }
        }

        public double mean() {
            return distribution.mean();
        }
    }
}
