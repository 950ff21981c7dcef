package dev.procsim.report.chart;

import dev.procsim.report.job.ExperimentJobTest;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.geom.AffineTransform;
import java.awt.geom.Area;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What a reader sees: every label of every chart is text in the SVG (not outlines), no two labels
 * overlap (their boxes measured from the SVG's own positions, advance widths and font sizes), and
 * no image is wider than 2,400 px.
 */
class ChartLabelsTest {
    @TempDir
    Path dir;

    /** A label's box on the page: advance width by the font's ascent (0.75 em) and descent (0.2 em), turned as drawn. */
    record Label(String text, Area box) {}

    static List<Label> labels(Path svg) throws Exception {
        var f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document d = f.newDocumentBuilder().parse(svg.toFile());
        NodeList ts = d.getElementsByTagName("text");
        List<Label> out = new ArrayList<>();
        for (int i = 0; i < ts.getLength(); i++) {
            Element e = (Element) ts.item(i);
            double size = Double.parseDouble(e.getAttribute("font-size"));
            double w = Double.parseDouble(e.getAttribute("textLength"));
            AffineTransform t = new AffineTransform();
            if (e.hasAttribute("transform")) {
                String[] m = e.getAttribute("transform").replaceAll("matrix\\(|\\)", "").trim().split("[ ,]+");
                double[] v = new double[6];
                for (int k = 0; k < 6; k++) v[k] = Double.parseDouble(m[k]);
                t = new AffineTransform(v);
            } else {
                t.translate(Double.parseDouble(e.getAttribute("x")), Double.parseDouble(e.getAttribute("y")));
            }
            Rectangle2D r = new Rectangle2D.Double(0, -0.75 * size, w, 0.95 * size);
            out.add(new Label(e.getTextContent(), new Area(t.createTransformedShape(r))));
        }
        return out;
    }

    /** Pairs of labels whose boxes share more than a quarter of a square pixel. */
    static List<String> overlaps(List<Label> ls) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < ls.size(); i++) {
            for (int j = i + 1; j < ls.size(); j++) {
                if (!ls.get(i).box().getBounds2D().intersects(ls.get(j).box().getBounds2D())) continue;
                Area a = new Area(ls.get(i).box());
                a.intersect(ls.get(j).box());
                Rectangle2D b = a.getBounds2D();
                if (!a.isEmpty() && b.getWidth() * b.getHeight() > 0.25) out.add("'" + ls.get(i).text() + "' / '" + ls.get(j).text() + "'");
            }
        }
        return out;
    }

    /** Labels whose box reaches past the image's edge (half a point of slack for rounding). */
    static List<String> outside(Path svg, List<Label> ls) throws Exception {
        var f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Element root = f.newDocumentBuilder().parse(svg.toFile()).getDocumentElement();
        double w = Double.parseDouble(root.getAttribute("width")), h = Double.parseDouble(root.getAttribute("height"));
        List<String> out = new ArrayList<>();
        for (Label l : ls) {
            Rectangle2D b = l.box().getBounds2D();
            if (b.getMinX() < -0.5 || b.getMinY() < -0.5 || b.getMaxX() > w + 0.5 || b.getMaxY() > h + 0.5) {
                out.add("'" + l.text() + "' at " + Math.round(b.getMinX()) + ".." + Math.round(b.getMaxX()) + " x " + Math.round(b.getMinY()) + ".."
                        + Math.round(b.getMaxY()) + " in " + Math.round(w) + " x " + Math.round(h));
            }
        }
        return out;
    }

    static int pngWidth(Path png) throws IOException {
        try (InputStream in = Files.newInputStream(png)) {
            byte[] h = in.readNBytes(24); // signature, IHDR length and type, then width (big-endian)
            return ((h[16] & 0xff) << 24) | ((h[17] & 0xff) << 16) | ((h[18] & 0xff) << 8) | (h[19] & 0xff);
        }
    }

    void check(Path out) throws Exception {
        List<Path> svgs;
        try (Stream<Path> s = Files.list(out.resolve("charts"))) {
            svgs = s.filter(p -> p.toString().endsWith(".svg")).sorted().toList();
        }
        assertThat(svgs).isNotEmpty();
        SoftAssertions soft = new SoftAssertions();
        for (Path svg : svgs) {
            List<Label> ls = labels(svg);
            String name = out.getFileName() + "/" + svg.getFileName();
            soft.assertThat(ls).as(name + ": labels as text").hasSizeGreaterThan(3);
            soft.assertThat(overlaps(ls)).as(name + ": overlapping labels").isEmpty();
            soft.assertThat(outside(svg, ls)).as(name + ": labels cut at the image's edge").isEmpty();
            // no glyph outlines left: a label drawn as a path would be a long run of curves
            String text = Files.readString(svg);
            soft.assertThat(text).as(name + ": curves (outlined glyphs)").doesNotContain(" Q");
            Path png = svg.resolveSibling(svg.getFileName().toString().replace(".svg", ".png"));
            soft.assertThat(pngWidth(png)).as(name).isLessThanOrEqualTo(2400);
        }
        soft.assertAll();
    }

    @Test
    void everyChartOfTheExamplesHasItsLabelsAsTextAndNoneOverlap() throws Exception {
        for (String x : List.of("textbook.yaml", "realtime.yaml", "fork-bomb.yaml", "threads-vs-prefork.yaml", "pipeline.yaml",
                "eevdf-vs-cfs.yaml", "sched-deadline.yaml", "signals.yaml", "container.yaml", "cow-vs-eager.yaml", "pid-exhaustion.yaml",
                "compare-schedulers.yaml")) {
            Path out = dir.resolve(x);
            assertThat(ExperimentJobTest.cli("run", Path.of("..", "examples", x).toString(), "--out", out.toString(), "--quiet")).isZero();
            check(out);
        }
        Path small = Files.writeString(dir.resolve("small.yaml"), ExperimentJobTest.SMALL);
        Path out = dir.resolve("small-ru");
        assertThat(ExperimentJobTest.cli("run", small.toString(), "--out", out.toString(), "--quiet", "--lang", "ru")).isZero();
        check(out);
        // Russian words come back in Cyrillic, even the letters that look Latin ("Среднее" has С, е, н)
        List<String> texts = labels(out.resolve("charts/bar-mean_response_ns.svg")).stream().map(Label::text).toList();
        assertThat(texts).anyMatch(t -> t.startsWith("Среднее время отклика"));
        assertThat(texts).contains("fcfs", "мс");
    }

    @Test
    void theOverlapMeasureSeesLabelsThatRunIntoEachOther() throws Exception {
        // "time-sharing eager" (font 12, 120 px wide) at x 10 runs into a label at x 100 on the same
        // baseline; one 14 px lower does not touch it; one turned 90 degrees through it does.
        Path svg = Files.writeString(dir.resolve("t.svg"), """
                <svg xmlns="http://www.w3.org/2000/svg">
                <text x="10" y="50" font-size="12" textLength="120">time-sharing eager</text>
                <text x="100" y="50" font-size="12" textLength="60">cow</text>
                <text x="10" y="64" font-size="12" textLength="120">below</text>
                <text transform="matrix(0 -1 1 0 50 80)" font-size="12" textLength="60">turned</text>
                </svg>
                """);
        assertThat(overlaps(labels(svg))).containsExactlyInAnyOrder("'time-sharing eager' / 'cow'", "'time-sharing eager' / 'turned'",
                "'below' / 'turned'");
    }

    @Test
    void aBarChartIsSmallAndItsLabelsAreItsOwn() throws Exception {
        ChartSpec spec = new ChartSpec(ChartSpec.Kind.BAR, "bar-x", "Page copies (mean with 95% confidence interval)", "Scheduler", "count",
                List.of("time-sharing", "non-preemptive", "deadline"),
                List.of(new ChartSpec.Series("eager", null, new double[] {126_976, 124_928, 126_976}, new double[] {0, 8_812, 0}),
                        new ChartSpec.Series("cow", null, new double[] {13_108, 13_108, 13_108}, new double[] {0, 0, 0})), 0);
        ChartRenderer.render(spec, dir, List.of(ChartRenderer.Format.SVG, ChartRenderer.Format.PNG));
        Path svg = dir.resolve("bar-x.svg");
        assertThat(Files.size(svg)).isLessThan(100_000);
        List<String> texts = labels(svg).stream().map(Label::text).toList();
        assertThat(texts).contains("Page copies (mean with 95% confidence interval)", "Scheduler", "count", "time-sharing", "non-preemptive",
                "deadline", "eager", "cow", "0", "120,000");
    }
}
