package dev.procsim.bench;

import dev.procsim.kernel.Scheduler;
import dev.procsim.kernel.Task;
import dev.procsim.sched.CfsScheduler;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * A yardstick for {@link SchedulerBenchmark}, not a procsim policy: CFS-style virtual runtime
 * (run time times 1024 / weight, CFS's weights by nice) kept in a textbook binary heap,
 * {@code java.util.PriorityQueue} of the task objects ordered by (vruntime, order of entry). Its
 * pick cost at 10, 1,000 and 100,000 tasks shows how a plain O(log n) heap grows on the machine
 * at hand, cache misses included, so procsim's run queues can be judged against it.
 */
final class TextbookHeapScheduler implements Scheduler {
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
        t.schedKey += ranNs * 1024 / CfsScheduler.weightOfNice(t.nice());
    }
}
