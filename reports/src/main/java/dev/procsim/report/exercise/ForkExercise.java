package dev.procsim.report.exercise;

import dev.procsim.engine.RandomStreams;
import dev.procsim.engine.SimTime;
import dev.procsim.kernel.Action;
import dev.procsim.kernel.Kernel;
import dev.procsim.kernel.KernelConfig;
import dev.procsim.kernel.ProcessSpec;
import dev.procsim.kernel.ProgramSet;
import dev.procsim.memory.CostProfile;
import dev.procsim.memory.MemoryMetrics;
import dev.procsim.memory.PagedMemory;
import dev.procsim.memory.Sizes;
import dev.procsim.sched.SchedulerRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Fork strategies: a process P of K private pages, the first R of them written (they have frames),
 * forks a child C; P then writes a range of pages and waits for C, and C writes a range and exits.
 * How many pages are copied under eager copy, copy-on-write and vfork? The answer runs that program
 * in procsim's kernel once per strategy, with {@link PagedMemory} and no costs, on one CPU under
 * fcfs (so P, still running after a fork, writes before C; under vfork P is suspended until C
 * exits, so C writes first), and reads the memory model's counts.
 *
 * <p>Draws, from stream {@code exercise-fork}, in this order: K (6 to 12; {@code --pages} replaces
 * it but it is drawn all the same), R (half of K, rounded up, to K), P's range (length 1 to K/2,
 * then its first page), C's range (the same).
 */
final class ForkExercise implements Exercise {
    static final List<String> STRATEGIES = List.of("eager", "cow", "vfork");

    private final long seed;
    final int pages, resident, parentFrom, parentCount, childFrom, childCount;
    private Map<String, MemoryMetrics> results;

    ForkExercise(ExerciseOptions o) {
        seed = o.seed();
        UniformRandomProvider r = new RandomStreams(seed).stream("exercise-fork");
        int k = 6 + r.nextInt(7);
        pages = ExerciseOptions.value("--pages", o.pages(), k, 2, 64);
        int half = (pages + 1) / 2;
        resident = half + r.nextInt(pages - half + 1);
        parentCount = 1 + r.nextInt(pages / 2);
        parentFrom = r.nextInt(pages - parentCount + 1);
        childCount = 1 + r.nextInt(pages / 2);
        childFrom = r.nextInt(pages - childCount + 1);
    }

    @Override
    public String problem() {
        StringBuilder b = new StringBuilder("procsim exercise --policy fork --seed " + seed + " --pages " + pages + "\n\n");
        b.append("Process P has ").append(pages).append(" private pages of 4 KiB, numbered 0-").append(pages - 1).append(".\nBefore the fork it has written ")
                .append(ExerciseText.pages(0, resident));
        if (resident == pages) b.append(" (all of them), so every page has a frame.\n");
        else b.append(", so ").append(resident == 1 ? "it has a frame" : "they have frames").append("; ").append(ExerciseText.pages(resident, pages - resident))
                .append(" it has never touched, so ").append(pages - resident == 1 ? "it has" : "they have").append(" no frame yet.\n");
        b.append("P forks a child C. After the fork, P writes ").append(ExerciseText.pages(parentFrom, parentCount))
                .append(" and then waits for C; C writes ").append(ExerciseText.pages(childFrom, childCount)).append(" and exits.\n")
                .append("On one CPU P runs on after the fork, so P writes first; under vfork P is suspended from the fork\n")
                .append("until C exits, so C writes first.\n\n")
                .append("Questions: how many pages are copied in all, at the fork and by later writes, with\n")
                .append("  a. eager copy (the fork copies every page that has a frame)?\n")
                .append("  b. copy-on-write (the fork shares every page read-only; a write to a page still shared copies it)?\n")
                .append("  c. vfork (the child borrows the parent's memory)?\n")
                .append("A page never touched has no frame: its first write gives it a fresh zeroed frame, which is no copy.\n");
        return b.toString();
    }

    /** The program of each strategy, run once: the memory model's counts, by strategy. */
    Map<String, MemoryMetrics> results() {
        if (results == null) {
            Map<String, MemoryMetrics> m = new LinkedHashMap<>();
            for (String s : STRATEGIES) m.put(s, run(s));
            results = m;
        }
        return results;
    }

    private MemoryMetrics run(String strategy) {
        Map<String, List<Action>> programs = new LinkedHashMap<>();
        programs.put("P", List.of(write(0, resident), new Action.Fork("C", strategy, Action.OnFail.CONTINUE, null), write(parentFrom, parentCount),
                new Action.Wait(0, false), new Action.Exit(0)));
        programs.put("C", List.of(write(childFrom, childCount), new Action.Exit(0)));
        KernelConfig cfg = new KernelConfig();
        cfg.recordSeries = false;
        cfg.maxScheduleSegments = 0;
        PagedMemory memory = new PagedMemory(CostProfile.load(CostProfile.NONE));
        Kernel k = new Kernel(cfg, SchedulerRegistry.create("fcfs"), memory, ProgramSet.of(programs), new RandomStreams(1));
        k.addArrival(ProcessSpec.of("P", 0, "P", (long) pages * Sizes.PAGE_SIZE, 0));
        k.run(SimTime.NEVER);
        return memory.metrics();
    }

    private static Action write(int from, int count) {
        return Action.Touch.write(Action.Amount.pages(count)).at(Action.Amount.pages(from));
    }

    @Override
    public String answer() {
        StringBuilder b = new StringBuilder("Answer, computed by procsim's memory model (one run per strategy, no costs):\n");
        for (Map.Entry<String, MemoryMetrics> e : results().entrySet()) {
            MemoryMetrics m = e.getValue();
            long copies = m.pageCopies();
            b.append(String.format(java.util.Locale.ROOT, "  %-6s %d %s copied, %d at the fork and %d by write faults:\n         ", e.getKey() + ":",
                    copies, copies == 1 ? "page" : "pages", m.pageCopiesEager(), m.pageCopiesCow()));
            b.append(switch (e.getKey()) {
                case "eager" -> "every page with a frame is copied at the fork, written later or not.";
                case "cow" -> "the first write to a page with a frame copies it, once; the other side then holds\n"
                        + "         its frame alone and writes it in place (" + m.cowFaultsReuse() + " such "
                        + (m.cowFaultsReuse() == 1 ? "fault" : "faults") + " here).";
                default -> "C's " + m.vforkMisuseWrites() + (m.vforkMisuseWrites() == 1 ? " write lands" : " writes land")
                        + " in P's own pages; P, woken when C exits, owns them alone.";
            }).append('\n');
        }
        return b.toString();
    }
}
