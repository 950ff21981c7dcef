package dev.procsim.report.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two SVG charts inlined in one page must not clip each other: their ids differ, and each file refers only to its own. */
class SvgIdsTest {
    @TempDir
    Path dir;

    static Set<String> all(Pattern p, String s) {
        Set<String> out = new LinkedHashSet<>();
        for (Matcher m = p.matcher(s); m.find();) out.add(m.group(1));
        return out;
    }

    @Test
    void twoChartsHaveDisjointIds() throws Exception {
        ChartSpec a = PdfChartTest.bar("bar-mean_response_ns", "Mean response time");
        ChartSpec b = PdfChartTest.bar("gantt-rr-quantum=1ms", "rr (quantum 1ms)");
        ChartSpec c = PdfChartTest.grid();
        for (ChartSpec s : List.of(a, b, c)) ChartRenderer.render(s, dir, List.of(ChartRenderer.Format.SVG));
        Pattern id = Pattern.compile(" id=\"([^\"]+)\"");
        Pattern ref = Pattern.compile("url\\(#([^)]+)\\)");
        Set<String> seen = new LinkedHashSet<>();
        for (ChartSpec s : List.of(a, b, c)) {
            String svg = Files.readString(dir.resolve(s.file() + ".svg"));
            Set<String> ids = all(id, svg);
            assertThat(ids).as(s.file()).isNotEmpty();
            // valid XML names (a letter or '_' first; letters, digits, '-', '_', '.' after)
            assertThat(ids).allMatch(i -> i.matches("[A-Za-z_][A-Za-z0-9._-]*"));
            assertThat(all(ref, svg)).as("references of " + s.file()).isSubsetOf(ids);
            Set<String> shared = new LinkedHashSet<>(ids);
            shared.retainAll(seen);
            assertThat(shared).as(s.file() + ": ids another chart has too").isEmpty();
            seen.addAll(ids);
        }
    }

    @Test
    void namesThatDifferGiveIdsThatDiffer() {
        List<String> names = List.of("a=b", "a.b", "a_b", "a-b", "1ab", "_1ab", "-x", "x", "Ab", "ab", "Ж", "gantt-rr-quantum=1ms");
        Set<String> prefixes = new LinkedHashSet<>();
        for (String n : names) {
            String p = SvgWriter.idPrefix(n);
            assertThat(p).as(n).matches("[A-Za-z_][A-Za-z0-9._-]*");
            prefixes.add(p);
        }
        assertThat(prefixes).hasSameSizeAs(names);
        assertThat(SvgWriter.idPrefix("bar-mean_response_ns")).isEqualTo("bar-mean_response_ns");
    }
}
