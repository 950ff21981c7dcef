package dev.procsim.workload;

import dev.procsim.kernel.Action;
import dev.procsim.kernel.Dur;
import dev.procsim.kernel.ProcessSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A textbook task list: header {@code name,arrival,burst} plus optional {@code priority} (lower
 * number first), {@code nice} (-20..19), {@code io_every} and {@code io_time}; times in the file's
 * unit ({@code # unit: ms}, the default; {@code ns}, {@code us}, {@code s}, {@code min} too),
 * fractions allowed and converted exactly (rounded to the nearest ns below that).
 *
 * <p>Each row becomes a process that arrives, computes its burst and exits. With I/O, it computes
 * {@code io_every}, blocks {@code io_time}, and so on; the last piece of CPU ends the burst (no I/O
 * after it). {@code io_every} 0 means no I/O.
 */
public final class TaskListCsv {
    static final List<String> REQUIRED = List.of("name", "arrival", "burst");
    static final List<String> OPTIONAL = List.of("priority", "nice", "io_every", "io_time");

    private TaskListCsv() {}

    public static Workload read(Path file) {
        return parse(InputText.displayName(file), CsvTable.readText(file));
    }

    public static Workload parse(String file, String text) {
        return CsvTable.workload(file, text, REQUIRED, OPTIONAL, (t, row, name, errors) -> {
            long arrival = t.duration(row, "arrival", false, errors);
            long burst = t.duration(row, "burst", true, errors);
            int priority = t.integer(row, "priority", Integer.MIN_VALUE, Integer.MAX_VALUE, 0, errors);
            int nice = t.integer(row, "nice", -20, 19, 0, errors);
            boolean io = t.has(row, "io_every") || t.has(row, "io_time");
            long ioEvery = io ? t.duration(row, "io_every", false, errors) : 0; // 0: no I/O (as mlfq.py's ioFreq 0)
            long ioTime = io ? t.duration(row, "io_time", false, errors) : 0;
            return () -> new CsvTable.Task(ProcessSpec.of(name, arrival, name).withPriority(priority).withNice(nice),
                    program(burst, ioEvery, ioTime));
        });
    }

    /** compute burst, or (compute io_every, io io_time) repeated with the remainder computed last. */
    static List<Action> program(long burst, long ioEvery, long ioTime) {
        if (ioEvery <= 0 || ioEvery >= burst) return List.of(new Action.Compute(Dur.of(burst)));
        long pieces = (burst + ioEvery - 1) / ioEvery; // CPU pieces; I/O between them
        long last = burst - (pieces - 1) * ioEvery;
        List<Action> out = new ArrayList<>();
        out.add(new Action.Repeat((int) Math.min(Integer.MAX_VALUE, pieces - 1),
                List.of(new Action.Compute(Dur.of(ioEvery)), new Action.Io(Dur.of(ioTime)))));
        out.add(new Action.Compute(Dur.of(last)));
        return out;
    }
}
