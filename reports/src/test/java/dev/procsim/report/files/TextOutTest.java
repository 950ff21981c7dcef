package dev.procsim.report.files;

import dev.procsim.report.text.Fmt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.procsim.kernel.TaskName;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The byte-level writer gives exactly what Java's own formatting gives. */
class TextOutTest {
    interface Body {
        void write(TextOut o) throws IOException;
    }

    private static String out(Body b) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TextOut o = new TextOut(bytes)) {
            b.write(o);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void numbersAreWrittenAsLongToStringWritesThem() throws IOException {
        long[] edge = {0, 1, 9, 10, 99, 100, -1, -10, 999_999_999_999_999_999L, 1_000_000_000_000_000_000L, Long.MAX_VALUE,
                Long.MIN_VALUE, Long.MIN_VALUE + 1, Integer.MAX_VALUE, Integer.MIN_VALUE};
        for (long v : edge) assertThat(out(o -> o.num(v))).isEqualTo(Long.toString(v));
        SplittableRandom r = new SplittableRandom(5);
        StringBuilder expected = new StringBuilder();
        long[] values = new long[10_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = r.nextLong() >> r.nextInt(64); // every magnitude
            expected.append(values[i]).append(',');
        }
        // more than one buffer's worth (64 KiB): the buffer is flushed between numbers
        assertThat(out(o -> {
            for (long v : values) o.num(v).comma();
        })).isEqualTo(expected.toString());
    }

    @Test
    void optionalNumbersAreEmptyWhenNegative() throws IOException {
        assertThat(out(o -> o.opt(-1).comma().opt(0).comma().opt(42))).isEqualTo(",0,42");
    }

    @Test
    void microsecondsHaveThreeDecimals() throws IOException {
        for (long ns : new long[] {0, 5, 999, 1000, 1_234_567, 10_000_000_001L, Long.MAX_VALUE}) {
            assertThat(out(o -> o.micros(ns))).isEqualTo(TraceExport.micros(ns));
        }
        assertThat(out(o -> o.micros(1_234_567))).isEqualTo("1234.567");
    }

    @Test
    void cellsAreQuotedAsFmtCsvQuotesThem() throws IOException {
        for (String s : new String[] {"plain", "a,b", "say \"hi\"", "line\nbreak", "", "ünïcödé", "задача,1"}) {
            assertThat(out(o -> o.text(s))).isEqualTo(Fmt.csv(s));
        }
    }

    @Test
    void taskNamesAreWrittenAsTheyPrint() throws IOException {
        for (TaskName t : new TaskName[] {TaskName.of("init"), TaskName.numbered("poisson.job", 41), TaskName.numbered("a,b", 3),
                TaskName.of("x\"y")}) {
            assertThat(out(o -> o.name(t))).isEqualTo(Fmt.csv(t.toString()));
        }
    }

    @Test
    void jsonStringsAreEscaped() throws IOException {
        assertThat(out(o -> o.json("a\"b\\c\nd\u0001é"))).isEqualTo("\"a\\\"b\\\\c\\u000ad\\u0001é\"");
        assertThat(out(o -> o.json(""))).isEqualTo("\"\"");
    }

    @Test
    void longTextLargerThanTheBufferIsWrittenWhole() throws IOException {
        String big = "x".repeat(200_000) + "ß";
        assertThat(out(o -> o.raw("<").raw(big).raw(">"))).isEqualTo("<" + big + ">");
    }
}
