package dev.procsim.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The columns give back, field for field, the record an object per task would have kept. */
class TaskRecordsTest {
    private static Task task(SplittableRandom r, int i) {
        Task t = new Task(TaskName.of("t" + i), i);
        t.pid = r.nextInt(Integer.MIN_VALUE, Integer.MAX_VALUE); // packed ints: signs and high bits survive
        t.exitStatus = i % 3 == 0 ? -r.nextInt(1, 200) : r.nextInt(256);
        t.arrival = r.nextLong();
        t.firstRun = i % 4 == 0 ? -1 : r.nextLong();
        t.finish = i % 5 == 0 ? -1 : Long.MAX_VALUE - i;
        t.cpuTime = r.nextLong();
        t.demand = r.nextLong();
        t.readyWait = r.nextLong();
        t.blocked = r.nextLong();
        t.pageFaults = r.nextLong();
        t.pageCopies = Long.MIN_VALUE + i;
        t.voluntarySwitches = -i;
        t.involuntarySwitches = Integer.MAX_VALUE - i;
        t.migrations = Integer.MIN_VALUE + i;
        t.state = TaskState.values()[i % TaskState.values().length];
        t.blockReason = BlockReason.values()[i % BlockReason.values().length];
        if (i % 7 == 0) {
            Task parent = new Task("p", 0);
            parent.pid = -5 - i;
            TaskTable.linkChild(parent, t);
        }
        return t;
    }

    @Test
    void everyFieldComesBackAsTheTaskHadIt() {
        SplittableRandom r = new SplittableRandom(36);
        TaskRecords cols = new TaskRecords();
        List<TaskRecord> objects = new ArrayList<>();
        for (int i = 0; i < 1000; i++) { // past several doublings of the columns
            Task t = task(r, i);
            cols.append(t);
            objects.add(TaskRecord.of(t));
        }
        assertThat(cols).hasSize(1000);
        assertThat(cols).containsExactlyElementsOf(objects);
        assertThat(cols.get(0).ppid()).isEqualTo(-5); // the linked parent's PID, read at append
    }

    @Test
    void aReservedTableAndAnEmptyOneBehaveAsLists() {
        TaskRecords cols = new TaskRecords();
        assertThat(cols).isEmpty();
        cols.ensureCapacity(100);
        assertThat(cols).isEmpty();
        assertThatThrownBy(() -> cols.get(0)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> cols.add(null)).isInstanceOf(UnsupportedOperationException.class);
    }
}
