package dev.procsim.sched;

import static org.assertj.core.api.Assertions.assertThat;

import dev.procsim.kernel.Task;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The packed set gives the least vruntime of the tasks a CPU-indexed array would hold. */
class RunningTasksTest {
    @Test
    void agreesWithAnArrayByCpuUnderRandomSetsAndClears() {
        SplittableRandom r = new SplittableRandom(11);
        int cpus = 37;
        RunningTasks set = new RunningTasks();
        set.init(cpus);
        Task[] byCpu = new Task[cpus];
        Task[] tasks = new Task[200];
        for (int i = 0; i < tasks.length; i++) tasks[i] = Task.detached("t" + i, i + 1, 0, 0, 1, Long.MAX_VALUE, 0);
        for (int step = 0; step < 20_000; step++) {
            int c = r.nextInt(cpus);
            if (r.nextBoolean()) {
                Task t = tasks[r.nextInt(tasks.length)];
                t.schedKey = r.nextLong(1_000_000);
                set.set(c, t);
                byCpu[c] = t;
            } else if (byCpu[c] != null) {
                Task t = byCpu[c];
                setCpu(t, c);
                set.clear(t);
                byCpu[c] = null;
            }
            long want = Long.MAX_VALUE;
            for (Task t : byCpu) if (t != null) want = Math.min(want, t.schedKey);
            assertThat(set.minKey()).isEqualTo(want);
        }
    }

    /** clear() reads the CPU the task ran on, as the kernel has set it. */
    private static void setCpu(Task t, int cpu) {
        try {
            var f = Task.class.getDeclaredField("cpu");
            f.setAccessible(true);
            f.setInt(t, cpu);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
