package dev.procsim.kernel;

import dev.procsim.engine.DoubleSampler;
import dev.procsim.engine.RandomStreams;
import dev.procsim.engine.StreamSwitch;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * The durations of the tasks' programs and the pages they touch: a constant, or a draw from the
 * task's own random stream for that duration (keyed by the stream's name and the task's
 * identity), so that a task draws the same numbers whatever the policy or the other tasks do.
 * Every task's streams are drawn through one generator ({@link StreamSwitch}) and one sampler per
 * program duration; the task keeps only the streams' state, made when it first draws (for every
 * random duration of its program at once) and dropped when it execs.
 */
final class TaskStreams {
    /** The family of per-task streams that choose which pages a task touches. */
    static final long PAGES_STREAM = RandomStreams.nameHash("pages");

    private final RandomStreams streams;
    private final StreamSwitch streamSwitch = new StreamSwitch();
    /** samplers[program id][random duration], bound to streamSwitch; made on first use. */
    private final DoubleSampler[][] samplers;

    TaskStreams(RandomStreams streams, ProgramSet programs) {
        this.streams = streams;
        this.samplers = new DoubleSampler[programs.size()][];
    }

    /** The duration of action {@code pc} of program {@code p} for task {@code t}. */
    long sample(Task t, Program p, int pc) {
        Dur d = p.dur[pc];
        if (d instanceof Dur.Fixed f) return f.nanos();
        int ri = p.randomIndex[pc];
        long[] state = t.streams;
        if (state == null) {
            state = new long[p.randoms.length * StreamSwitch.WORDS];
            streams.seedStreams(p.randomHash, t.key, state);
            t.streams = state;
        }
        DoubleSampler[] forProgram = samplers[p.id];
        if (forProgram == null) {
            forProgram = new DoubleSampler[p.randoms.length];
            for (int i = 0; i < forProgram.length; i++) forProgram[i] = p.randoms[i].distribution().sampler(streamSwitch);
            samplers[p.id] = forProgram;
        }
        int off = ri * StreamSwitch.WORDS;
        streamSwitch.load(state, off);
        long v = forProgram[ri].sampleNanos();
        streamSwitch.store(state, off);
        return v;
    }

    /** Uniform [0, 1) numbers for choosing pages, one stream per task. */
    DoubleSampler touchSampler(Task t) {
        if (t.touchRng == null) {
            UniformRandomProvider rng = streams.stream(PAGES_STREAM, t.key);
            t.touchRng = rng::nextDouble;
        }
        return t.touchRng;
    }
}
