package dev.procsim.sched;

import static org.assertj.core.api.Assertions.assertThat;

import dev.procsim.kernel.Task;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The heap gives the least vruntime of the tasks a CPU-indexed array would hold, as tasks start, are charged and stop. */
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
        java.util.Set<Task> running = new java.util.HashSet<>();
        for (int step = 0; step < 20_000; step++) {
            int c = r.nextInt(cpus);
            int op = r.nextInt(3);
            if (op == 0) { // a task that runs nowhere takes CPU c (replacing what ran there)
                Task t = tasks[r.nextInt(tasks.length)];
                if (running.contains(t)) continue;
                t.schedKey = r.nextLong(1_000_000);
                if (byCpu[c] != null) running.remove(byCpu[c]);
                set.set(c, t);
                byCpu[c] = t;
                running.add(t);
            } else if (op == 1 && byCpu[c] != null) { // charged for running: its vruntime grows
                Task t = byCpu[c];
                setCpu(t, c);
                t.schedKey += r.nextLong(300_000);
                set.keyChanged(t);
            } else if (op == 2 && byCpu[c] != null) {
                Task t = byCpu[c];
                setCpu(t, c);
                set.clear(t);
                byCpu[c] = null;
                running.remove(t);
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
