package dev.procsim.workload;

import dev.procsim.kernel.Action;
import dev.procsim.kernel.ProcessSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code prefork-server}: a large parent writes all its memory, forks W workers and waits for
 * them. Each worker serves {@code requests} requests (compute, then I/O); request k writes the
 * k-th of {@code requests} equal slices of the first {@code write_fraction} of the pages, so a
 * worker has written exactly that fraction when it is done (under cow, that many page copies per
 * worker).
 */
final class PreforkServerGenerator implements Generator {
    public String name() {
        return "prefork-server";
    }

    public String description() {
        return "a large parent forks W workers that each write a fraction of its pages while serving requests";
    }

    public List<Param> params() {
        return List.of(new Param("memory", "1GiB", "the parent's private memory (all written before forking)"),
                new Param("workers", "4", "number of workers W"),
                new Param("write_fraction", "0.1", "fraction of the parent's pages each worker writes"),
                new Param("requests", "100", "requests each worker serves"),
                new Param("request", "{exp: 1ms}", "CPU time of a request"),
                new Param("io", "{exp: 5ms}", "I/O time of a request"),
                new Param("name", "server", "prefix of process and program names"));
    }

    public void generate(GeneratorArgs a) {
        long memory = a.size("memory");
        int workers = (int) a.integer("workers", 1, 100_000);
        double fraction = a.fraction("write_fraction");
        int requests = (int) a.integer("requests", 1, 10_000);
        String prefix = a.text("name");
        long pages = dev.procsim.memory.Sizes.pages(memory);
        long total = Math.round(fraction * pages);
        List<Action> worker = new ArrayList<>();
        var request = new Action.Compute(a.dur("request"));
        var io = new Action.Io(a.dur("io"));
        for (int k = 0; k < requests; k++) {
            long from = total * k / requests;
            long to = total * (k + 1) / requests;
            worker.add(request);
            if (to > from) worker.add(Action.Touch.write(Action.Amount.pages(to - from)).at(Action.Amount.pages(from)));
            worker.add(io);
        }
        worker.add(new Action.Exit(0));
        String w = a.addProgram("worker", worker);
        List<Action> parent = new ArrayList<>();
        parent.add(Action.Touch.write(Action.Amount.fraction(1)));
        parent.add(new Action.Repeat(workers, List.of(new Action.Fork(w))));
        parent.add(new Action.Repeat(workers, List.of(new Action.Wait(Action.Wait.ANY, false))));
        String p = a.addProgram("parent", parent);
        if (prefix != null) a.addProcess(ProcessSpec.of(prefix, 0, p).withMemory(memory));
    }
}
