package dev.procsim.kernel;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.RandomAccess;

/**
 * The records of finished (and, at the end, unfinished) tasks, in primitive columns: one run can
 * keep millions of them until its files are written, and an object per record (about 210 bytes,
 * copied by every young collection it survives) cost a quarter of an M/M/1 customer's bytes. A
 * record is {@value #LONGS} longs in one array (times and counts, the small integers two to a
 * long) and three references (its name, program name and real-time jobs, the last usually null).
 * Reading is through the {@link java.util.List} view: {@link #get} builds the {@link TaskRecord}.
 * Appended to by the kernel only; read-only for everyone else.
 */
public final class TaskRecords extends AbstractList<TaskRecord> implements RandomAccess {
    static final int LONGS = 13;
    private static final TaskState[] STATES = TaskState.values();
    private static final BlockReason[] REASONS = BlockReason.values();
    private static final long LOW = 0xFFFF_FFFFL;

    private long[] nums = new long[LONGS * 16];
    private TaskName[] names = new TaskName[16];
    private String[] programs = new String[16];
    private RealtimeStats[] realtime = new RealtimeStats[16];
    private byte[] states = new byte[2 * 16]; // state and block reason ordinals
    private int size; // read, maybe stale, by the progress display of another thread (an int read is never torn)

    TaskRecords() {}

    /** Room for {@code n} records without growing. */
    void ensureCapacity(int n) {
        if (n > names.length) grow(n);
    }

    private void grow(int min) {
        int cap = Math.max(min, names.length * 2);
        nums = Arrays.copyOf(nums, LONGS * cap);
        names = Arrays.copyOf(names, cap);
        programs = Arrays.copyOf(programs, cap);
        realtime = Arrays.copyOf(realtime, cap);
        states = Arrays.copyOf(states, 2 * cap);
    }

    /** Appends what is kept of {@code t} now. */
    void append(Task t) {
        int i = size;
        if (i == names.length) grow(i + 1);
        long[] d = nums;
        int b = LONGS * i;
        d[b] = t.arrival;
        d[b + 1] = t.firstRun;
        d[b + 2] = t.finish;
        d[b + 3] = t.cpuTime;
        d[b + 4] = t.demand;
        d[b + 5] = t.readyWait;
        d[b + 6] = t.blocked;
        d[b + 7] = t.pageFaults;
        d[b + 8] = t.pageCopies;
        d[b + 9] = pack(t.pid, t.tgid());
        d[b + 10] = pack(t.ppid(), t.nsPid());
        d[b + 11] = pack(t.voluntarySwitches, t.involuntarySwitches);
        d[b + 12] = pack(t.migrations, t.exitStatus);
        names[i] = t.name;
        programs[i] = t.programName();
        realtime[i] = t.rt;
        states[2 * i] = (byte) t.state.ordinal();
        states[2 * i + 1] = (byte) t.blockReason.ordinal();
        size = i + 1;
    }

    private static long pack(int hi, int lo) {
        return ((long) hi << 32) | (lo & LOW);
    }

    @Override
    public TaskRecord get(int i) {
        if (i < 0 || i >= size) throw new IndexOutOfBoundsException("record " + i + " of " + size);
        long[] d = nums;
        int b = LONGS * i;
        return new TaskRecord(names[i], (int) (d[b + 9] >> 32), (int) d[b + 9], (int) (d[b + 10] >> 32), (int) d[b + 10], programs[i],
                d[b], d[b + 1], d[b + 2], d[b + 3], d[b + 4], d[b + 5], d[b + 6],
                (int) (d[b + 11] >> 32), (int) d[b + 11], (int) (d[b + 12] >> 32), d[b + 7], d[b + 8], (int) d[b + 12],
                STATES[states[2 * i]], REASONS[states[2 * i + 1]], realtime[i]);
    }

    @Override
    public int size() {
        return size;
    }
}
