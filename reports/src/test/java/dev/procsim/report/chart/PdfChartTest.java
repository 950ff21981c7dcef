package dev.procsim.report.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Charts as PDF: the same chart gives the same bytes (in this JVM and in another), the labels
 * are text a reader can select and search (in a font the file names), standing where their
 * outlines stood, and the page is the chart's size in points.
 */
class PdfChartTest {
    @TempDir
    Path dir;

    static ChartSpec bar(String file, String title) {
        return new ChartSpec(ChartSpec.Kind.BAR, file, title, "Scheduler", "count", List.of("time-sharing", "non-preemptive", "deadline"),
                List.of(new ChartSpec.Series("eager", null, new double[] {126_976, 124_928, 126_976}, new double[] {0, 8_812, 0}),
                        new ChartSpec.Series("cow", null, new double[] {13_108, 13_108, 13_108}, new double[] {0, 0, 0})), 0);
    }

    /** Small multiples: two panels of CDFs under one title (VectorGraphics2D's own PDF writer drew these before). */
    static ChartSpec grid() {
        List<ChartSpec> panels = new ArrayList<>();
        List<ChartSpec.Series> all = new ArrayList<>();
        for (String mem : List.of("mem=1MiB", "mem=4MiB")) {
            List<ChartSpec.Series> ss = List.of(new ChartSpec.Series("fcfs", new double[] {0, 1, 2, 4}, new double[] {0, 0.4, 0.8, 1}, null),
                    new ChartSpec.Series("rr", new double[] {0, 1.5, 3, 5}, new double[] {0, 0.3, 0.7, 1}, null));
            all.addAll(ss);
            panels.add(new ChartSpec(ChartSpec.Kind.CDF, "cdf-x-" + mem, mem, "Response time (ms)", "Fraction of tasks", List.of(), ss));
        }
        return ChartSpec.grid(ChartSpec.Kind.CDF, "cdf-x", "Response time, distribution", "Response time (ms)", "Fraction of tasks", all, panels);
    }

    private byte[] pdf(ChartSpec spec, String sub) throws IOException {
        Path d = Files.createDirectories(dir.resolve(sub));
        ChartRenderer.render(spec, d, List.of(ChartRenderer.Format.PDF));
        return Files.readAllBytes(d.resolve(spec.file() + ".pdf"));
    }

    @Test
    void theSameChartGivesTheSameBytes() throws Exception {
        for (ChartSpec spec : List.of(bar("bar-x", "Page copies (mean with 95% confidence interval)"), grid())) {
            byte[] a = pdf(spec, "a");
            byte[] b = pdf(spec, "b");
            assertThat(digest(b)).as(spec.file()).isEqualTo(digest(a));
            String s = new String(a, java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(s).as("no dates").doesNotContain("/CreationDate").doesNotContain("/ModDate");
        }
    }

    @Test
    void anotherJvmWritesTheSameBytes() throws Exception {
        Path tasks = Files.writeString(dir.resolve("t.csv"), "name,arrival,burst\nA,0,5\nB,1,3\nC,2,8\nD,3,6\n");
        Path here = dir.resolve("here.pdf");
        Path there = dir.resolve("there.pdf");
        String[] args = {"schedule", "--tasks", tasks.toString(), "--scheduler", "rr", "--gantt"};
        assertThat(dev.procsim.report.job.ExperimentJobTest.cli(concat(args, here.toString()))).isZero();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "dev.procsim.cli.Main"));
        cmd.addAll(List.of(concat(args, there.toString())));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        assertThat(p.waitFor()).as(Files.readString(dir.resolve("child.log"))).isZero();
        assertThat(digest(Files.readAllBytes(there))).isEqualTo(digest(Files.readAllBytes(here)));
    }

    /** Length and SHA-256 (a failure shows these, not two dumps of bytes). */
    static String digest(byte[] b) throws Exception {
        return b.length + " bytes, sha-256 " + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
    }

    private static String[] concat(String[] a, String last) {
        String[] out = java.util.Arrays.copyOf(a, a.length + 1);
        out[a.length] = last;
        return out;
    }

    @Test
    void theLabelsAreTextInANamedFont() throws Exception {
        byte[] bytes = pdf(bar("bar-x", "Page copies (mean with 95% confidence interval)"), "a");
        try (PDDocument doc = Loader.loadPDF(bytes)) {
            String text = text(doc);
            assertThat(text).contains("Page copies (mean with 95% confidence interval)", "Scheduler", "count", "time-sharing", "non-preemptive",
                    "deadline", "eager", "cow", "120,000");
            PDPage page = doc.getPage(0);
            assertThat(page.getResources().getFontNames()).isNotEmpty();
            assertThat(page.getMediaBox().getWidth()).isEqualTo(760f);
            assertThat(page.getMediaBox().getHeight()).isEqualTo(560f);
        }
        byte[] g = pdf(grid(), "g");
        try (PDDocument doc = Loader.loadPDF(g)) {
            String text = text(doc);
            assertThat(text).contains("Response time, distribution", "Response time (ms)", "Fraction of tasks", "mem=1MiB", "mem=4MiB", "fcfs", "rr");
            // the page is the chart's size in points (2 panels of 470 x 330 side by side, under a 40 pt title)
            assertThat(doc.getPage(0).getMediaBox().getWidth()).isEqualTo(940f);
            assertThat(doc.getPage(0).getMediaBox().getHeight()).isEqualTo(370f);
        }
        byte[] ru = pdf(bar("bar-ru", "Среднее время отклика, мс (ёж №1 ≤ 2 → «3»)"), "ru");
        try (PDDocument doc = Loader.loadPDF(ru)) {
            assertThat(text(doc)).contains("Среднее время отклика, мс (ёж №1 ≤ 2 → «3»)");
        }
    }

    /** The text of the page, in reading order by position (so PDFBox keeps a turned label, the y axis's title, in one piece). */
    static String text(PDDocument doc) throws IOException {
        PDFTextStripper s = new PDFTextStripper();
        s.setSortByPosition(true);
        return s.getText(doc);
    }

    /** Each label's first glyph stands where the SVG (the same outlines, read back) puts the label: to a hundredth of a point. */
    @Test
    void theTextStandsWhereTheOutlinesStood() throws Exception {
        ChartSpec spec = bar("bar-x", "Page copies (mean with 95% confidence interval)");
        Path d = Files.createDirectories(dir.resolve("both"));
        ChartRenderer.render(spec, d, List.of(ChartRenderer.Format.SVG, ChartRenderer.Format.PDF));
        List<TextPosition> glyphs = new ArrayList<>();
        try (PDDocument doc = Loader.loadPDF(Files.readAllBytes(d.resolve("bar-x.pdf")))) {
            PDFTextStripper s = new PDFTextStripper() {
                @Override
                protected void processTextPosition(TextPosition t) {
                    glyphs.add(t);
                }
            };
            s.getText(doc);
        }
        String svg = Files.readString(d.resolve("bar-x.svg"));
        var m = java.util.regex.Pattern.compile("<text x=\"([-0-9.]+)\" y=\"([-0-9.]+)\" [^>]*font-size=\"([0-9.]+)\"[^>]*>([^<]+)</text>").matcher(svg);
        int checked = 0;
        while (m.find()) {
            double x = Double.parseDouble(m.group(1)), y = Double.parseDouble(m.group(2)), size = Double.parseDouble(m.group(3));
            String first = m.group(4).substring(0, 1);
            assertThat(glyphs).as("'%s' at %s,%s", m.group(4), x, y)
                    .anyMatch(t -> t.getUnicode().equals(first) && Math.abs(t.getXDirAdj() - x) < 0.02 && Math.abs(t.getYDirAdj() - y) < 0.02
                            && Math.abs(t.getFontSizeInPt() - size) < 0.01);
            checked++;
        }
        assertThat(checked).isGreaterThan(10);
    }
}
