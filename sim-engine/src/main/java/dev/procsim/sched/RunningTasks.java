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
    /** Up to this many running tasks, a CPU's entry is found by a scan of them: no array of every CPU. */
    private static final int SCAN = 8;
    private int cpus = 1;
    private int[] place; // a CPU's index in the heap, -1 when it runs none of ours; made past SCAN running tasks
    private Task[] heap = new Task[SCAN];
    private int[] heapCpu = new int[SCAN];
    private int count;

    /**
     * Sized for {@code cpus} CPUs. A per-CPU queue of a 4,096-CPU machine is sized for all of them
     * (its tunables scale with them) but runs one task: it keeps no per-CPU array.
     */
    void init(int cpus) {
        this.cpus = cpus;
        place = null;
        heap = new Task[SCAN];
        heapCpu = new int[SCAN];
        count = 0;
    }

    /** CPU {@code cpu}'s index in the heap, or -1. */
    private int find(int cpu) {
        if (place != null) return cpu < place.length ? place[cpu] : -1;
        for (int i = 0; i < count; i++) if (heapCpu[i] == cpu) return i;
        return -1;
    }

    void set(int cpu, Task t) {
        int i = find(cpu);
        if (i < 0) {
            if (count == heap.length) {
                heap = Arrays.copyOf(heap, 2 * count);
                heapCpu = Arrays.copyOf(heapCpu, 2 * count);
            }
            i = count++;
            heapCpu[i] = cpu;
            if (place == null && count > SCAN) {
                place = new int[Math.max(cpus, cpu + 1)];
                Arrays.fill(place, -1);
                for (int j = 0; j < count; j++) place[heapCpu[j]] = j;
            }
            if (place != null) place[cpu] = i;
        }
        heap[i] = t;
        fix(i);
    }

    /** The task left CPU {@code t.cpu()}, if it was ours there. */
    void clear(Task t) {
        int cpu = t.cpu();
        int i = cpu < 0 ? -1 : find(cpu);
        if (i < 0 || heap[i] != t) return;
        int last = --count;
        if (place != null) place[cpu] = -1;
        if (i != last) { // the last one fills the hole
            move(last, i);
            fix(i);
        }
        heap[last] = null;
    }

    /** Running task {@code t}'s vruntime moved (it was charged for running). */
    void keyChanged(Task t) {
        int cpu = t.cpu();
        int i = cpu < 0 ? -1 : find(cpu);
        if (i >= 0 && heap[i] == t) fix(i);
    }

    /** The least {@code schedKey} (vruntime) of the running tasks, or {@code Long.MAX_VALUE}. */
    long minKey() {
        return count == 0 ? Long.MAX_VALUE : heap[0].schedKey;
    }

    private void move(int from, int to) {
        heap[to] = heap[from];
        heapCpu[to] = heapCpu[from];
        if (place != null) place[heapCpu[to]] = to;
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
        if (place != null) place[cpu] = i;
    }
}
