package dev.procsim.sched;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.procsim.kernel.Task;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The run-queue heap against a reference model: a plain list kept in (key, order of addition)
 * order, the rule the heap documents. Random add / poll / remove / rekey sequences over few
 * distinct keys (so ties are frequent) and over many.
 */
class TaskHeapTest {
    /** Reference entry: task, key and the position in the sequence of additions. */
    private record Ref(Task task, long key, long added) {}

    private static final Comparator<Ref> ORDER = Comparator.comparingLong(Ref::key).thenComparingLong(Ref::added);

    @Test
    void matchesTheReferenceModelOverRandomSequences() {
        for (int seed = 0; seed < 400; seed++) {
            // Every fourth case forces sequence renumbering after a few additions.
            runCase(seed, seed % 4 == 3 ? 50 : Long.MAX_VALUE);
        }
    }

    private static void runCase(int seed, long seqLimit) {
        SplittableRandom r = new SplittableRandom(seed);
        int keyRange = r.nextBoolean() ? 4 : 1_000_000;
        TaskHeap heap = new TaskHeap(seqLimit);
        List<Ref> model = new ArrayList<>();
        List<Task> idle = new ArrayList<>();
        for (int i = 0; i < 40; i++) idle.add(Task.detached("t" + i, 2 + i, 0, 0, 1, Long.MAX_VALUE, 0));
        long additions = 0;
        for (int step = 0; step < 600; step++) {
            int op = r.nextInt(12);
            if (op >= 10) {
                // A CPU that may run only some tasks (one queue shared by CPUs, tasks confined): the first it may run comes out, the rest keep their order.
                int m = 2 + r.nextInt(3), k = r.nextInt(m);
                java.util.function.Predicate<Task> ok = t -> t.pid() % m == k;
                model.sort(ORDER);
                Ref expected = model.stream().filter(e -> ok.test(e.task())).findFirst().orElse(null);
                if (expected != null) model.remove(expected);
                Task got = heap.poll(ok);
                assertThat(got).as("seed %d step %d (filtered)", seed, step).isSameAs(expected == null ? null : expected.task());
                if (got != null) {
                    assertThat(got.schedIndex).isEqualTo(-1);
                    idle.add(got);
                }
            } else if (op < 5 && !idle.isEmpty()) {
                Task t = idle.remove(r.nextInt(idle.size()));
                t.schedKey = r.nextLong(keyRange);
                heap.add(t);
                model.add(new Ref(t, t.schedKey, additions++));
            } else if (op < 8) {
                model.sort(ORDER);
                Task expected = model.isEmpty() ? null : model.remove(0).task();
                if (expected != null) assertThat(heap.peekKey()).isEqualTo(expected.schedKey);
                Task got = heap.poll();
                assertThat(got).as("seed %d step %d", seed, step).isSameAs(expected);
                if (got != null) {
                    assertThat(got.schedIndex).isEqualTo(-1);
                    idle.add(got);
                }
            } else if (op < 9 && !model.isEmpty()) {
                Ref victim = model.remove(r.nextInt(model.size()));
                heap.remove(victim.task());
                idle.add(victim.task());
            } else {
                // Re-key everyone: a policy's periodic recomputation (4.4BSD's decay).
                long delta = r.nextLong(keyRange);
                heap.rekeyAll(t -> t.schedKey = (t.schedKey * 7 + delta) % keyRange);
                List<Ref> rekeyed = new ArrayList<>();
                for (Ref e : model) rekeyed.add(new Ref(e.task(), e.task().schedKey, e.added()));
                model = rekeyed;
            }
            assertThat(heap.size()).isEqualTo(model.size());
        }
        // Drain: the rest comes out in the reference order.
        model.sort(ORDER);
        for (Ref e : model) assertThat(heap.poll()).isSameAs(e.task());
        assertThat(heap.poll()).isNull();
        assertThat(heap.peekKey()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void equalKeysComeOutInOrderOfAddition() {
        TaskHeap heap = new TaskHeap();
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Task t = Task.detached("t" + i, 2 + i, 0, 0, 1, Long.MAX_VALUE, 0);
            t.schedKey = 7;
            heap.add(t);
            tasks.add(t);
        }
        for (Task t : tasks) assertThat(heap.poll()).isSameAs(t);
    }

    @Test
    void misuseIsRefused() {
        TaskHeap heap = new TaskHeap();
        Task t = Task.detached("t", 2, 0, 0, 1, Long.MAX_VALUE, 0);
        heap.add(t);
        assertThatThrownBy(() -> heap.add(t)).isInstanceOf(IllegalStateException.class).hasMessageContaining("already queued");
        heap.remove(t);
        assertThatThrownBy(() -> heap.remove(t)).isInstanceOf(IllegalStateException.class).hasMessageContaining("not in this run queue");
        assertThat(heap.poll()).isNull();
    }
}
