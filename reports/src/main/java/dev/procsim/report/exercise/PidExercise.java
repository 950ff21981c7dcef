package dev.procsim.report.exercise;

import dev.procsim.engine.RandomStreams;
import dev.procsim.engine.SimTime;
import dev.procsim.kernel.Action;
import dev.procsim.kernel.Dur;
import dev.procsim.kernel.Kernel;
import dev.procsim.kernel.KernelConfig;
import dev.procsim.kernel.PidAllocator;
import dev.procsim.kernel.ProcessSpec;
import dev.procsim.kernel.ProgramSet;
import dev.procsim.kernel.TaskRecord;
import dev.procsim.kernel.TaskState;
import dev.procsim.memory.CostProfile;
import dev.procsim.memory.PagedMemory;
import dev.procsim.sched.SchedulerRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * PID allocation: a small pid_max, the PIDs handed out since boot up to the shell's, some of those
 * above 300 still in use, then a sequence of forks by the shell, exits of its children and reaps
 * (wait). Which PID does each fork give? The answer runs exactly that in procsim's kernel: the boot
 * processes arrive at 0 in order (so PIDs 2 up to the shell's are handed out one by one), those
 * not in use exit at once and init reaps them; each step then comes 1 ms after the one before.
 * The PIDs are the kernel's, from its {@link PidAllocator}.
 *
 * <p>Draws, from stream {@code exercise-pid}, in this order: pid_max (308 to 312), the shell's PID
 * (one of the four highest), whether each PID from 300 up to the shell's is in use (one chance in
 * two; the highest are then let go until at least two PIDs from 300 up are free), then the steps:
 * each step's kind among those possible (a fork while a PID from 300 up is free, an exit while a
 * child runs, a reap while a child is a zombie), and for an exit or a reap which child, until the
 * {@code --jobs}-th fork. So no fork ever fails.
 */
final class PidExercise implements Exercise {
    enum Kind { FORK, EXIT, REAP }

    /** One step: the shell forks {@code child}, {@code child} exits, or the shell reaps {@code child}. */
    record Step(Kind kind, String child) {}

    private final long seed;
    final int pidMax, shell;
    /** PIDs from 300 below the shell's in use at the start (besides init's 1 and the shell's). */
    final List<Integer> inUse;
    final List<Step> steps;
    private Kernel kernel;

    PidExercise(ExerciseOptions o) {
        seed = o.seed();
        int forks = ExerciseOptions.value("--jobs", o.jobs(), 5, 1, 20);
        UniformRandomProvider r = new RandomStreams(seed).stream("exercise-pid");
        pidMax = PidAllocator.RESERVED_PIDS + 8 + r.nextInt(5);
        shell = pidMax - 1 - r.nextInt(4);
        int room = pidMax - PidAllocator.RESERVED_PIDS; // PIDs from 300 to pid_max - 1, what forks draw on
        List<Integer> held = new ArrayList<>();
        for (int p = PidAllocator.RESERVED_PIDS; p < shell; p++) if (r.nextInt(2) == 0) held.add(p);
        while (held.size() + 1 > room - 2) held.remove(held.size() - 1);
        inUse = List.copyOf(held);
        List<Step> s = new ArrayList<>();
        List<String> running = new ArrayList<>(), zombies = new ArrayList<>();
        int used = held.size() + 1, forked = 0;
        while (forked < forks) {
            List<Kind> possible = new ArrayList<>();
            if (used < room) possible.add(Kind.FORK);
            if (!running.isEmpty()) possible.add(Kind.EXIT);
            if (!zombies.isEmpty()) possible.add(Kind.REAP);
            Kind k = possible.get(r.nextInt(possible.size()));
            String child;
            if (k == Kind.FORK) {
                child = String.valueOf((char) ('A' + forked++));
                running.add(child);
                used++;
            } else if (k == Kind.EXIT) {
                child = running.remove(r.nextInt(running.size()));
                zombies.add(child);
            } else {
                child = zombies.remove(r.nextInt(zombies.size()));
                used--;
            }
            s.add(new Step(k, child));
        }
        steps = List.copyOf(s);
    }

    private static String describe(Step s) {
        return switch (s.kind()) {
            case FORK -> "sh forks " + s.child();
            case EXIT -> s.child() + " exits";
            default -> "sh waits for " + s.child() + " (reaps it)";
        };
    }

    @Override
    public String problem() {
        StringBuilder b = new StringBuilder("procsim exercise --policy pid --seed " + seed + " --jobs " + forks() + "\n\n");
        List<String> now = new ArrayList<>(List.of("1 (init)"));
        for (int p : inUse) now.add(Integer.toString(p));
        now.add(shell + " (sh)");
        b.append("pid_max is ").append(pidMax).append(", so PIDs run from 1 to ").append(pidMax - 1).append(". Since boot, PIDs 1 to ").append(shell)
                .append(" have been handed out\nonce each, in order; the last, ").append(shell).append(", went to the shell sh. In use now: ")
                .append(String.join(", ", now)).append(";\nevery other PID is free.\n\n")
                .append("Rules (Linux's alloc_pid, as procsim models it): the search for a free PID starts one past the last PID\n")
                .append("handed out and runs up to pid_max - 1; then it wraps around to 300 (not to 1: once past 300, the PIDs below\n")
                .append("300 are left to the system's early daemons) and runs on up to where it started. A process that exits keeps\n")
                .append("its PID as a zombie until its parent reaps it with wait; from then on the PID is free.\n\nSteps:\n");
        for (int i = 0; i < steps.size(); i++) b.append(String.format(java.util.Locale.ROOT, "  %2d. %s\n", i + 1, describe(steps.get(i))));
        b.append("\nQuestions:\n  1. Which PID does each fork give its child?\n  2. Which PIDs are in use after the last step?\n");
        return b.toString();
    }

    private int forks() {
        return (int) steps.stream().filter(s -> s.kind() == Kind.FORK).count();
    }

    /** The boot, then the steps, 1 ms apart, in procsim's kernel (once). */
    Kernel run() {
        if (kernel != null) return kernel;
        long past = (steps.size() + 2) * SimTime.MS; // longer than the run: who sleeps this long is still there at the end
        Map<String, List<Action>> programs = new LinkedHashMap<>();
        programs.put("boot", List.of(new Action.Exit(0)));
        programs.put("daemon", List.of(new Action.Sleep(Dur.of(past))));
        List<Action> sh = new ArrayList<>();
        Map<String, Integer> forkIndex = new HashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            sh.add(new Action.Sleep(Dur.of(SimTime.MS)));
            if (s.kind() == Kind.FORK) {
                forkIndex.put(s.child(), forkIndex.size());
                sh.add(new Action.Fork("child " + s.child()));
                programs.put("child " + s.child(), List.of(new Action.Sleep(Dur.of(untilExit(i, s.child()) * SimTime.MS)), new Action.Exit(0)));
            } else if (s.kind() == Kind.REAP) {
                sh.add(new Action.Wait(forkIndex.get(s.child()), false));
            }
        }
        sh.add(new Action.Sleep(Dur.of(past)));
        programs.put("sh", sh);
        KernelConfig cfg = new KernelConfig();
        cfg.pidMax = pidMax;
        cfg.recordSeries = false;
        cfg.maxScheduleSegments = 0;
        Kernel k = new Kernel(cfg, SchedulerRegistry.create("fcfs"), new PagedMemory(CostProfile.load(CostProfile.NONE)), ProgramSet.of(programs),
                new RandomStreams(1));
        for (int p = 2; p < shell; p++) {
            boolean daemon = inUse.contains(p);
            k.addArrival(ProcessSpec.numbered(daemon ? "daemon" : "boot", p, 0, daemon ? "daemon" : "boot", 0, 0));
        }
        k.addArrival(ProcessSpec.of("sh", 0, "sh"));
        k.run(steps.size() * SimTime.MS);
        kernel = k;
        return k;
    }

    /** Milliseconds from the fork at step {@code forkStep} to the child's exit step (past the run if it never exits). */
    private long untilExit(int forkStep, String child) {
        for (int j = forkStep + 1; j < steps.size(); j++) {
            if (steps.get(j).kind() == Kind.EXIT && steps.get(j).child().equals(child)) return j - forkStep;
        }
        return steps.size() + 2;
    }

    @Override
    public String answer() {
        Kernel k = run();
        Map<String, TaskRecord> byProgram = new HashMap<>();
        for (TaskRecord t : k.metrics().tasks()) byProgram.put(t.program(), t);
        // The start is the one the problem states: the shell and the daemons hold the PIDs it names.
        if (byProgram.get("sh").pid() != shell) throw new IllegalStateException("the shell got PID " + byProgram.get("sh").pid() + ", not " + shell);
        StringBuilder b = new StringBuilder("Answer, computed by procsim's kernel (its PID allocator, pid_max ").append(pidMax).append("):\n");
        Map<Integer, String> names = new HashMap<>();
        names.put(1, "init");
        names.put(shell, "sh");
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            if (s.kind() != Kind.FORK) continue;
            TaskRecord c = byProgram.get("child " + s.child());
            names.put(c.pid(), s.child() + (c.state() == TaskState.ZOMBIE ? ", a zombie" : ""));
            b.append(String.format(java.util.Locale.ROOT, "  %2d. sh forks %s: PID %d\n", i + 1, s.child(), c.pid()));
        }
        List<String> used = new ArrayList<>();
        for (int p = 1; p < pidMax; p++) {
            if (!k.pids().isInUse(p)) continue;
            String who = names.get(p);
            used.add(who == null ? Integer.toString(p) : p + " (" + who + ")");
        }
        b.append("In use after the last step: ").append(String.join(", ", used)).append('\n');
        return b.toString();
    }
}
