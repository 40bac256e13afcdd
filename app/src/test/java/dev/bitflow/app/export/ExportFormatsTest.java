package dev.bitflow.app.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** Tables as TSV, Markdown and RFC 4180 CSV; charts as PNG and SVG; the export file rules. No JavaFX. */
class ExportFormatsTest {
    private static final TableData TABLE = new TableData("ledger", List.of("layer", "note", "bits"), List.of(
            List.of("conv1", "plain", "288"),
            List.of("conv2", "a, b and \"c\"", "18,432"),
            List.of("fc|1", "two\nlines", "")));

    @Test
    void csvFollowsRfc4180AndReadsBackToTheSameCells() {
        String csv = TABLE.csv();
        assertThat(csv).startsWith("layer,note,bits\r\n")
                .contains("\"a, b and \"\"c\"\"\",\"18,432\"\r\n")
                .contains("\"two\nlines\"")
                .endsWith("\r\n");
        List<List<String>> parsed = Rfc4180.parse(csv);
        assertThat(parsed).hasSize(4);
        assertThat(parsed.get(0)).isEqualTo(TABLE.headers());
        assertThat(parsed.subList(1, 4)).isEqualTo(TABLE.rows());
    }

    @Test
    void tsvAndMarkdownKeepOneLinePerRow() {
        assertThat(TABLE.tsv().split("\n", -1)).containsExactly("layer\tnote\tbits", "conv1\tplain\t288",
                "conv2\ta, b and \"c\"\t18,432", "fc|1\ttwo lines\t", "");
        assertThat(TABLE.markdown()).isEqualTo("""
                | layer | note | bits |
                | --- | --- | --- |
                | conv1 | plain | 288 |
                | conv2 | a, b and "c" | 18,432 |
                | fc\\|1 | two lines |  |
                """);
    }

    @Test
    void shortRowsArePaddedAndLongRowsRefused() {
        assertThat(new TableData("t", List.of("a", "b"), List.of(List.of("1"))).rows()).containsExactly(List.of("1", ""));
        assertThatThrownBy(() -> new TableData("t", List.of("a"), List.of(List.of("1", "2"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void chartsDrawAsParsableSvgWithTheirTextAndAsScaledPng() throws Exception {
        XYSeries s = new XYSeries("#1 training");
        for (int i = 0; i < 20; i++) {
            s.add(i, Math.exp(-i / 5.0));
        }
        JFreeChart chart = ChartFactory.createXYLineChart("Loss", "epoch", "cross-entropy", new XYSeriesCollection(s));
        String svg = ChartImages.svgDocument(ChartImages.of(chart), 640, 360);
        Document doc = parse(svg);
        assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("svg");
        assertThat(doc.getDocumentElement().getAttribute("viewBox")).isEqualTo("0 0 640 360");
        assertThat(doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "text").getLength()).isGreaterThan(5);
        assertThat(doc.getDocumentElement().getTextContent()).contains("Loss", "epoch", "cross-entropy");
        assertThat(doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "path").getLength()).isGreaterThan(0);

        BufferedImage png = ChartImages.png(ChartImages.of(chart), 320, 200, 2.5);
        assertThat(png.getWidth()).isEqualTo(800);
        assertThat(png.getHeight()).isEqualTo(500);
        assertThat(new Color(png.getRGB(400, 5), true).getAlpha()).isEqualTo(255); // the chart's background
    }

    @Test
    void filesGetTheirExtensionAreWrittenAtomicallyAndNeverReplaceAnInput(@TempDir Path dir) throws IOException {
        Path model = Files.writeString(dir.resolve("model.bfm"), "model");
        Path definition = Files.writeString(dir.resolve("net.csv"), "the definition"); // an input with an export's extension
        ExportFiles files = new ExportFiles(() -> List.of(model, definition));

        Path csv = files.writeText(dir.resolve("ledger"), ExportFormat.CSV, TABLE.csv());
        assertThat(csv).isEqualTo(dir.resolve("ledger.csv"));
        assertThat(Rfc4180.parse(Files.readString(csv, StandardCharsets.UTF_8))).hasSize(4);

        Path next = files.writePng(model, ChartImages.png((g, w, h) -> g.fillRect(0, 0, 4, 4), 8, 8, 1));
        assertThat(next).isEqualTo(dir.resolve("model.bfm.png"));
        assertThat(Files.readString(model)).isEqualTo("model");
        assertThat(ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(next))).getWidth()).isEqualTo(8);

        assertThatThrownBy(() -> files.writeText(dir.resolve("net.CSV").resolveSibling("net.csv"), ExportFormat.CSV, "x"))
                .isInstanceOf(IOException.class).hasMessageContaining("net.csv").hasMessageContaining("input");
        assertThat(Files.readString(definition)).isEqualTo("the definition");
        Files.createDirectories(dir.resolve("folder.svg"));
        assertThatThrownBy(() -> files.writeText(dir.resolve("folder.svg"), ExportFormat.SVG, "<svg/>"))
                .isInstanceOf(IOException.class).hasMessageContaining("folder");
        try (var listing = Files.list(dir)) {
            assertThat(listing.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }
}
