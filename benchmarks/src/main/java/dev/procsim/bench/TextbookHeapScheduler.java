package dev.procsim.bench;

import dev.procsim.kernel.Scheduler;
import dev.procsim.kernel.Task;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * A yardstick for {@link SchedulerBenchmark}, not a procsim policy: CFS-style virtual runtime
 * (run time times 1024 / weight, weights by nice as in Linux) kept in a textbook binary heap,
 * {@code java.util.PriorityQueue} of the task objects ordered by (vruntime, order of entry). Its
 * pick cost at 10, 1,000 and 100,000 tasks shows how a plain O(log n) heap grows on the machine
 * at hand, cache misses included, so procsim's run queues can be judged against it.
 */
final class TextbookHeapScheduler implements Scheduler {
    private static final int[] WEIGHTS = {
        88761, 71755, 56483, 46273, 36291, 29154, 23254, 18705, 14949, 11916,
        9548, 7620, 6100, 4904, 3906, 3121, 2501, 1991, 1586, 1277,
        1024, 820, 655, 526, 423, 335, 272, 215, 172, 137,
        110, 87, 70, 56, 45, 36, 29, 23, 18, 15,
    };
    private final PriorityQueue<Task> queue = new PriorityQueue<>(
            Comparator.<Task>comparingLong(t -> t.schedKey).thenComparingLong(t -> t.schedKey2));
    private long seq;

    @Override
    public String name() {
        return "textbook-heap";
    }

    @Override
    public void enqueue(Task t, EnqueueReason reason, long now) {
        t.schedKey2 = seq++;
        queue.add(t);
    }

    @Override
    public void dequeue(Task t, long now) {
        queue.remove(t);
    }

    @Override
    public Task pickNext(int cpu, long now) {
        return queue.poll();
    }

    @Override
    public int readyCount() {
        return queue.size();
    }

    @Override
    public void accountRun(Task t, long ranNs, long now) {
        t.schedKey += ranNs * 1024 / WEIGHTS[t.nice() + 20];
    }
}
