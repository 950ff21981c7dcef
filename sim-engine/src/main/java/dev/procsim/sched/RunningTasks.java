package dev.procsim.sched;

import dev.procsim.kernel.Task;
import java.util.Arrays;

/**
 * The tasks a fair policy has running, by CPU, with the ones present packed at the front: the
 * least vruntime over them is read on every account and put-back, and a per-CPU queue of a
 * 4,096-CPU machine (which is sized for every CPU, as its tunables are) has at most one running
 * task, so the scan covers the running tasks, not the CPUs.
 */
final class RunningTasks {
    private Task[] byCpu = new Task[1];
    private int[] place = {-1}; // the CPU's index in packed, -1 when it runs none of ours
    private Task[] packed = new Task[1];
    private int[] packedCpu = new int[1];
    private int count;

    void init(int cpus) {
        byCpu = new Task[cpus];
        place = new int[cpus];
        Arrays.fill(place, -1);
        packed = new Task[cpus];
        packedCpu = new int[cpus];
        count = 0;
    }

    void set(int cpu, Task t) {
        byCpu[cpu] = t;
        int i = place[cpu];
        if (i < 0) {
            place[cpu] = i = count++;
            packedCpu[i] = cpu;
        }
        packed[i] = t;
    }

    /** The task left CPU {@code t.cpu()}, if it was ours there. */
    void clear(Task t) {
        int cpu = t.cpu();
        if (cpu < 0 || cpu >= byCpu.length || byCpu[cpu] != t) return;
        byCpu[cpu] = null;
        int i = place[cpu], last = --count;
        place[cpu] = -1;
        if (i != last) { // the last one fills the hole
            packed[i] = packed[last];
            packedCpu[i] = packedCpu[last];
            place[packedCpu[i]] = i;
        }
        packed[last] = null;
    }

    /** The least {@code schedKey} (vruntime) of the running tasks, or {@code Long.MAX_VALUE}. */
    long minKey() {
        long m = Long.MAX_VALUE;
        for (int i = 0; i < count; i++) m = Math.min(m, packed[i].schedKey);
        return m;
    }
}
