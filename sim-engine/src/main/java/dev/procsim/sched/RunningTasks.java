package dev.procsim.sched;

import dev.procsim.kernel.Task;
import java.util.Arrays;

/**
 * The tasks a fair policy has running, by CPU, in a binary min-heap on their vruntime
 * ({@code schedKey}): the least vruntime over them is read on every account, enqueue and put-back.
 * A per-CPU queue of a 4,096-CPU machine (sized for every CPU, as its tunables are) has at most one
 * running task, and one queue for 4,096 CPUs has thousands: a scan of them on every event was
 * the whole cost of such a run. The policy says when a running task's vruntime moved
 * ({@link #keyChanged}); nothing else changes a running task's key.
 */
final class RunningTasks {
    private Task[] byCpu = new Task[1];
    private int[] place = {-1}; // the CPU's index in the heap, -1 when it runs none of ours
    private Task[] heap = new Task[1];
    private int[] heapCpu = new int[1];
    private int count;

    void init(int cpus) {
        byCpu = new Task[cpus];
        place = new int[cpus];
        Arrays.fill(place, -1);
        heap = new Task[cpus];
        heapCpu = new int[cpus];
        count = 0;
    }

    void set(int cpu, Task t) {
        byCpu[cpu] = t;
        int i = place[cpu];
        if (i < 0) {
            i = count++;
            heapCpu[i] = cpu;
            place[cpu] = i;
        }
        heap[i] = t;
        fix(i);
    }

    /** The task left CPU {@code t.cpu()}, if it was ours there. */
    void clear(Task t) {
        int cpu = t.cpu();
        if (cpu < 0 || cpu >= byCpu.length || byCpu[cpu] != t) return;
        byCpu[cpu] = null;
        int i = place[cpu], last = --count;
        place[cpu] = -1;
        if (i != last) { // the last one fills the hole
            move(last, i);
            fix(i);
        }
        heap[last] = null;
    }

    /** Running task {@code t}'s vruntime moved (it was charged for running). */
    void keyChanged(Task t) {
        int cpu = t.cpu();
        if (cpu < 0 || cpu >= byCpu.length || byCpu[cpu] != t) return;
        fix(place[cpu]);
    }

    /** The least {@code schedKey} (vruntime) of the running tasks, or {@code Long.MAX_VALUE}. */
    long minKey() {
        return count == 0 ? Long.MAX_VALUE : heap[0].schedKey;
    }

    private void move(int from, int to) {
        heap[to] = heap[from];
        heapCpu[to] = heapCpu[from];
        place[heapCpu[to]] = to;
    }

    /** Restores the heap order around entry {@code i}: up if it is less than its parent, else down. */
    private void fix(int i) {
        Task t = heap[i];
        int cpu = heapCpu[i];
        long k = t.schedKey;
        while (i > 0) {
            int p = (i - 1) >>> 1;
            if (heap[p].schedKey <= k) break;
            move(p, i);
            i = p;
        }
        while (true) {
            int c = 2 * i + 1;
            if (c >= count) break;
            if (c + 1 < count && heap[c + 1].schedKey < heap[c].schedKey) c++;
            if (heap[c].schedKey >= k) break;
            move(c, i);
            i = c;
        }
        heap[i] = t;
        heapCpu[i] = cpu;
        place[cpu] = i;
    }
}
