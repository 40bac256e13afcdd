package dev.bitflow.app.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.app.cli.BitflowCli;
import dev.bitflow.app.cli.CliContext;
import dev.bitflow.app.viewmodel.ModelSession;
import dev.bitflow.app.viewmodel.batchshift.ShiftRow;
import dev.bitflow.app.viewmodel.inspector.InspectorViewModel;
import dev.bitflow.engine.api.Engine;
import dev.bitflow.engine.api.EngineProvider;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.fusion.LayerAgreement;
import dev.bitflow.engine.api.fusion.FusedModel;
import dev.bitflow.engine.api.fusion.Verdict;
import dev.bitflow.engine.api.fusion.VerificationReport;
import dev.bitflow.engine.api.ledger.Ledger;
import dev.bitflow.engine.api.training.EvaluationResult;
import dev.bitflow.engine.api.training.TrainedModel;
import dev.bitflow.plugins.host.PluginHost;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bitflow report} on the bundled pretrained fashion-bcnn and the embedded mini set: the page is written,
 * self-contained, and its numbers are the engine's (asked again here, independently of the report).
 */
class ModelReportTest {
    static final Engine ENGINE = EngineProvider.load().create(PluginHost.discover(ModelReportTest.class.getClassLoader()));
    static final int LIMIT = 300;
    @TempDir
    static Path dir;
    static Path bfm;
    static String html;
    static String stdout;

    @BeforeAll
    static void writeReport() throws Exception {
        bfm = dir.resolve("fashion-bcnn.bfm");
        try (InputStream in = ModelReportTest.class.getClassLoader().getResourceAsStream(ModelSession.BUNDLED_RESOURCE)) {
            assertThat(in).as("the bundled model").isNotNull();
            Files.write(bfm, in.readAllBytes());
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new BitflowCli(new CliContext(ENGINE, new PrintWriter(out), new PrintWriter(err)))
                .execute("report", bfm.toString(), "--data", "mini", "--limit", Integer.toString(LIMIT),
                        "--train-examples", "300", "--out", dir.resolve("out").toString());
        stdout = out.toString();
        assertThat(code).as(err.toString()).isZero();
        assertThat(err.toString()).contains("report: 100%");
        Path file = dir.resolve("out").resolve("fashion-bcnn-report.html");
        assertThat(stdout).contains(file.toString());
        html = Files.readString(file, StandardCharsets.UTF_8);
    }

    @Test
    void isOneSelfContainedPageWithItsFigures() {
        assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
        assertThat(count(html, "<svg")).isGreaterThanOrEqualTo(3);
        assertThat(count(html, "<figure>")).isEqualTo(count(html, "<figcaption>"));
        assertThat(html).doesNotContain("<script", "<link", "src=\"", "url(http");
        for (String section : List.of("summary", "ledger", "accuracy", "sf", "shifts", "verification", "provenance")) {
            assertThat(html).contains("<h2 id=\"" + section + "\">");
        }
        assertThat(html).contains("BitFlow-Net: Toward Fully Binarized Convolutional Neural Networks",
                "doi:10.1109/ACCESS.2019.2945488", "@media print");
    }

    @Test
    void accuracyAndConfusionMatrixAreTheEngines() {
        TrainedModel model = ENGINE.training().load(bfm);
        EvaluationResult e = ENGINE.training().evaluate(model, DataLocation.mini(), TaskMonitor.NONE);
        assertThat(html).contains("accuracy <b>" + ReportHtml.pct(e.accuracy()) + "</b> over " + ReportHtml.num(e.examples()));
        List<List<String>> rows = tableRows(section("accuracy"), "Confusion counts");
        assertThat(rows).hasSize(e.classNames().size());
        for (int c = 0; c < rows.size(); c++) {
            List<String> expected = new ArrayList<>();
            expected.add(c + " " + e.classNames().get(c));
            e.confusion().get(c).forEach(v -> expected.add(Integer.toString(v)));
            expected.add(ReportHtml.pct(e.perClassAccuracy().get(c)));
            assertThat(rows.get(c)).isEqualTo(expected);
        }
    }

    @Test
    void ledgerShiftsAndVerificationAreTheEngines() {
        TrainedModel model = ENGINE.training().load(bfm);
        Ledger defined = ENGINE.ledger().ledger(model.definition(), false);
        Ledger fused = ENGINE.ledger().ledger(model.definition(), true);
        assertThat(html).contains(InspectorViewModel.bytes(defined.totals().fp32Bytes()) + " \u2192 "
                + InspectorViewModel.bytes(defined.totals().fusedBytes()));
        List<List<String>> before = tableRows(section("ledger"), "As defined");
        List<List<String>> after = tableRows(section("ledger"), "After BatchShift fusion");
        assertThat(before).hasSize(defined.layers().size() + 1);
        for (int i = 0; i < defined.layers().size(); i++) {
            assertThat(before.get(i).get(0)).isEqualTo(defined.layers().get(i).name());
            assertThat(before.get(i).get(4)).isEqualTo(ReportHtml.num(defined.layers().get(i).params()));
            assertThat(after.get(i).get(5)).isEqualTo(ReportHtml.num(fused.layers().get(i).storedBits()));
            assertThat(after.get(i).get(9)).isEqualTo(ReportHtml.num(fused.layers().get(i).floatMultiplications()));
        }
        assertThat(before.get(before.size() - 1).get(4)).isEqualTo(ReportHtml.num(defined.totals().params()));

        List<List<String>> shifts = tableRows(section("shifts"), "Shifts per fused layer");
        FusedModel fusedModel = ENGINE.fusion().fuse(model, TaskMonitor.NONE);
        List<ShiftRow> expected = ShiftRow.of(fusedModel.summary().layers());
        assertThat(shifts).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(shifts.get(i).get(0)).isEqualTo(expected.get(i).layer());
            assertThat(shifts.get(i).get(4)).isEqualTo(expected.get(i).range());
        }

        VerificationReport v = ENGINE.fusion().verify(fusedModel, DataLocation.mini(), LIMIT, TaskMonitor.NONE);
        assertThat(v.verdict()).isNotEqualTo(Verdict.DIFFERENT);
        assertThat(section("verification")).contains(ReportHtml.esc(v.verdictSentence()) + " "
                + v.mismatchesOutsideTies() + " mismatching bits outside float32 rounding ties; predictions agree on "
                + ReportHtml.num(v.predictionsAgreeing()) + " of " + ReportHtml.num(v.examples()));
        List<List<String>> layers = tableRows(section("verification"), "Bits compared");
        assertThat(layers).hasSize(v.layers().size());
        for (int i = 0; i < v.layers().size(); i++) {
            LayerAgreement l = v.layers().get(i);
            assertThat(layers.get(i).subList(0, 3)).containsExactly(l.name(), l.kind(), ReportHtml.num(l.bits()));
        }
    }

    @Test
    void sfSectionAndProvenanceAreTheModels() {
        TrainedModel model = ENGINE.training().load(bfm);
        var sf = section("sf");
        for (var l : ENGINE.analysis().sfReport(model, DataLocation.mini(), LIMIT, TaskMonitor.NONE).layers()) {
            assertThat(sf).contains(l.name() + " \u2192 " + l.batchNorm());
        }
        var p = model.provenance();
        assertThat(p).isNotNull();
        List<List<String>> rows = tableRows(section("provenance"), null);
        assertThat(rows).contains(List.of("seed", Long.toString(p.seed())), List.of("epochs", Integer.toString(p.epochs())));
    }

    // ---- reading the page -------------------------------------------------------------------------------

    private static String section(String id) {
        int start = html.indexOf("<h2 id=\"" + id + "\">");
        int end = html.indexOf("<h2 ", start + 1);
        return html.substring(start, end < 0 ? html.indexOf("<footer>") : end);
    }

    /** The body cells of the table whose caption contains {@code caption} (the first table for null). */
    private static List<List<String>> tableRows(String part, String caption) {
        int from = caption == null ? part.indexOf("<table") : part.indexOf(caption);
        assertThat(from).as("table " + caption).isGreaterThanOrEqualTo(0);
        String table = part.substring(part.indexOf("<tbody>", from), part.indexOf("</tbody>", from));
        List<List<String>> rows = new ArrayList<>();
        Matcher row = Pattern.compile("<tr>(.*?)</tr>").matcher(table);
        while (row.find()) {
            List<String> cells = new ArrayList<>();
            Matcher cell = Pattern.compile("<t[hd]>(.*?)</t[hd]>").matcher(row.group(1));
            while (cell.find()) {
                cells.add(cell.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                        .replace("&amp;", "&"));
            }
            rows.add(cells);
        }
        return rows;
    }

    private static int count(String s, String what) {
        return s.split(Pattern.quote(what), -1).length - 1;
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
