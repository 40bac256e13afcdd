package dev.bitflow.app.report;

import dev.bitflow.app.export.ChartImages;
import dev.bitflow.app.viewmodel.batchshift.ShiftRow;
import dev.bitflow.app.viewmodel.inspector.InspectorViewModel;
import dev.bitflow.app.viewmodel.sf.Numbers;
import dev.bitflow.engine.api.analysis.SfAgreement;
import dev.bitflow.engine.api.analysis.SfLayerReport;
import dev.bitflow.engine.api.analysis.SfVariant;
import dev.bitflow.engine.api.analysis.SfVariantResult;
import dev.bitflow.engine.api.definition.Precision;
import dev.bitflow.engine.api.fusion.LayerAgreement;
import dev.bitflow.engine.api.fusion.Verdict;
import dev.bitflow.engine.api.fusion.VerificationReport;
import dev.bitflow.engine.api.ledger.LayerLedger;
import dev.bitflow.engine.api.ledger.Ledger;
import dev.bitflow.engine.api.ledger.LedgerTotals;
import dev.bitflow.engine.api.training.EvaluationResult;
import dev.bitflow.engine.api.training.Provenance;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The model report as one self-contained HTML page: styles inline, figures as inline SVG, no scripts, nothing
 * fetched; prints on A4 with each figure and table kept on one page. Numbers are the engine's, formatted as the
 * workbench's views format them.
 */
public final class ReportHtml {
    /** The paper the workbench implements, as the report cites it. */
    public static final String PAPER = "L. Wu et al., \u201cBitFlow-Net: Toward "
            + "Fully Binarized Convolutional Neural Networks,\u201d IEEE Access, vol. 7, pp. 154617\u2013154626, 2019, "
            + "doi:10.1109/ACCESS.2019.2945488.";

    private final StringBuilder out = new StringBuilder();
    private int figure;
    private int table;

    private ReportHtml() {
    }

    /** The page for {@code r}. */
    public static String render(ModelReport r) {
        return new ReportHtml().page(r);
    }

    private String page(ModelReport r) {
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(esc("Model report: " + r.name())).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        header(r);
        summary(r);
        ledger(r);
        accuracy(r.evaluation());
        sf(r);
        shifts(r);
        verification(r.verification());
        provenance(r);
        out.append("<footer><p>Reference: ").append(esc(PAPER)).append("</p><p>Written by BitFlow Workbench ")
                .append(esc(r.version())).append(" on ").append(esc(r.createdAt()))
                .append(". Every number on this page was computed by the workbench's engine from the model file; "
                        + "nothing is rounded before it is shown here except for display.</p></footer>\n");
        out.append("</body>\n</html>\n");
        return out.toString();
    }

    private void header(ModelReport r) {
        out.append("<header>\n<h1>Model report: ").append(esc(r.name())).append("</h1>\n<p class=\"sub\">")
                .append(esc(r.definition().description() == null ? "" : r.definition().description())).append("</p>\n");
        table(null, List.of("", ""), List.of(
                List.of("Model", r.source()),
                List.of("Input", r.definition().input().toString()),
                List.of("Data", r.evaluation().dataset()),
                List.of("Made", r.createdAt() + " with BitFlow Workbench " + r.version())), "kv");
        out.append("</header>\n");
    }

    private void summary(ModelReport r) {
        VerificationReport v = r.verification();
        LedgerTotals t = r.ledger().totals();
        section("summary", "Summary");
        out.append("<div class=\"cards\">\n");
        card(pct(r.evaluation().accuracy()), "test accuracy (float network, " + count(r.evaluation().examples()) + " images)");
        card(pct(v.fusedAccuracy()), "accuracy of the fused bit-level network (" + count(v.examples()) + " images)");
        card(v.verdict().words(), "verdict of the verification");
        card(InspectorViewModel.bytes(t.fp32Bytes()) + " \u2192 " + InspectorViewModel.bytes(t.fusedBytes()),
                "stored size, float32 \u2192 fused (" + String.format(Locale.ROOT, "%.1f\u00d7", t.compressionRatio()) + ")");
        card(InspectorViewModel.percent(t.binaryMacFraction()), "of the multiply-accumulates are XNOR + popcount");
        card(count(r.fusedLedger().totals().middleFloatMultiplications()), "float multiplications left in the middle layers after fusion");
        out.append("</div>\n");
    }

    private void ledger(ModelReport r) {
        section("ledger", "Ledger: memory and operations per image, before and after fusion");
        out.append("<p>Per layer, as the workbench counts it (docs/ledger.md): parameters, the bits they are stored in, "
                + "the activation bits each layer hands on, and the operations per image. Before fusion, binary layers "
                + "still carry their scaling factor and BatchNorm in float; after BatchShift fusion a BatchNorm and sign "
                + "materialise nothing and each binary block keeps one integer B per channel.</p>\n");
        figure(ChartImages.svgElement(ChartImages.of(ReportFigures.sizes(r.ledger().totals())), 640, 200),
                "Stored size: every weight as float32, as defined (binary weights 1 bit, everything else float32) and "
                        + "after BatchShift fusion.");
        ledgerTable(r.ledger(), "As defined");
        ledgerTable(r.fusedLedger(), "After BatchShift fusion");
        if (!r.fusedLedger().notes().isEmpty()) {
            out.append("<p class=\"note\">").append(esc(String.join(" ", r.fusedLedger().notes()))).append("</p>\n");
        }
    }

    private void ledgerTable(Ledger l, String caption) {
        List<List<String>> rows = new ArrayList<>();
        for (LayerLedger x : l.layers()) {
            rows.add(List.of(x.name(), x.type().jsonName(), x.input() + " \u2192 " + x.output(), precision(x.weightPrecision()),
                    num(x.params()), num(x.storedBits()), num(x.activationBits()), num(x.floatMacs()), num(x.binaryMacs()),
                    num(x.floatMultiplications()), num(x.intOps()), x.fusedInto() == null ? "" : x.fusedInto()));
        }
        LedgerTotals t = l.totals();
        rows.add(List.of("total", "", "", "", num(t.params()), "", num(t.activationBits()), num(t.floatMacs()),
                num(t.binaryMacs()), num(t.floatMultiplications()), num(t.intOps()), ""));
        table(caption + " (" + l.network() + ")", List.of("layer", "type", "shape in \u2192 out", "weights", "params",
                "stored bits", "activation bits", "float MACs", "binary MACs", "float mult.", "int ops", "fused into"),
                rows, "num total");
    }

    private void accuracy(EvaluationResult e) {
        section("accuracy", "Accuracy and confusion matrix");
        out.append("<p>The float (unfused) network on ").append(esc(e.dataset())).append(": accuracy <b>")
                .append(pct(e.accuracy())).append("</b> over ").append(count(e.examples()))
                .append(" test images, mean cross-entropy ").append(String.format(Locale.ROOT, "%.4f", e.loss()))
                .append(".</p>\n");
        int[] size = ReportFigures.confusionSize(e.classNames().size());
        figure(ChartImages.svgElement(ReportFigures.confusion(e), size[0], size[1]), "Confusion matrix: row = true class, "
                + "column = predicted class, shade = share of the row (blue on the diagonal, red off it).");
        List<List<String>> rows = new ArrayList<>();
        for (int c = 0; c < e.classNames().size(); c++) {
            List<String> row = new ArrayList<>();
            row.add(c + " " + e.classNames().get(c));
            e.confusion().get(c).forEach(v -> row.add(Integer.toString(v)));
            row.add(pct(e.perClassAccuracy().get(c)));
            rows.add(row);
        }
        List<String> headers = new ArrayList<>();
        headers.add("true \\ predicted");
        for (int c = 0; c < e.classNames().size(); c++) {
            headers.add(Integer.toString(c));
        }
        headers.add("accuracy");
        table("Confusion counts and per-class accuracy", headers, rows, "num");
    }

    private void sf(ModelReport r) {
        var s = r.sf();
        section("sf", "Scaling factor (SF) cancellation");
        out.append("<p>A binary layer computes the integer dot product s and scales it, y = \u03b1\u00b7s + b. BatchNorm "
                + "subtracts a mean and divides by a spread measured on y, so both carry \u03b1, and sign() only asks "
                + "whether s passes a threshold t. Removing \u03b1 and rescaling BatchNorm's statistics gives exactly the "
                + "same outputs (only float32 rounding ties may differ); re-estimating BatchNorm without \u03b1 on "
                + "training images shows a network trained without SF would learn the same thresholds. Measured on ")
                .append(esc(s.testData())).append(" (").append(count(s.testExamples())).append(" test images) and ")
                .append(esc(s.trainData())).append(" (").append(count(s.trainExamples())).append(" training images).</p>\n");
        List<List<String>> variants = new ArrayList<>();
        for (SfVariantResult v : s.variants()) {
            variants.add(List.of(v.variant().description(), pct(v.accuracy()), pct(v.predictionAgreement())));
        }
        table("End to end, on the test images", List.of("variant", "accuracy", "predictions agreeing with the trained model"),
                variants, "num");
        List<List<String>> layers = new ArrayList<>();
        for (SfLayerReport l : s.layers()) {
            SfAgreement resc = l.agreement(SfVariant.RESCALED);
            SfAgreement reest = l.agreement(SfVariant.REESTIMATED);
            layers.add(List.of(l.name() + " \u2192 " + l.batchNorm(), Integer.toString(l.fanIn()),
                    Integer.toString(l.channelCount()), l.scalingFactor() ? "yes" : "no", Integer.toString(l.flipped()),
                    Integer.toString(l.constant()), pct6(resc.agreement()), Long.toString(resc.disagreeingOutsideTies()),
                    pct6(reest.agreement()), Integer.toString(l.thresholdChanges().get(2))));
        }
        table("Per binary layer: sign outputs without \u03b1", List.of("layer", "K", "channels", "SF", "flipped (\u03b3 < 0)",
                        "constant", "rescaled: agree", "rescaled: differ outside ties", "re-estimated: agree",
                        "re-estimated: thresholds changed"), layers, "num");
        if (!s.layers().isEmpty() && !s.layers().get(0).channels().isEmpty()) {
            SfLayerReport first = s.layers().get(0);
            var c = first.channels().get(0);
            figure(ChartImages.svgElement(ChartImages.of(ReportFigures.histogram(first, c)), 720, 300),
                    "Integer pre-activations s of " + first.name() + " channel 0 on the test images, with the integer "
                            + "threshold t that BatchShift keeps and BatchNorm's \u03c4 (\u03c4 = " + Numbers.significant(
                            c.tauWithAlpha(), 4) + ", t = " + c.intThreshold() + ").");
        }
        out.append("<p class=\"note\">Ties: ").append(esc(s.tieDefinition())).append("</p>\n");
    }

    private void shifts(ModelReport r) {
        section("shifts", "BatchShift: one integer per channel");
        out.append("<p>After fusion each binary layer's output bit is +1 exactly when s + B \u2265 0. The first layer keeps "
                + "float weights and a threshold per channel; the last only adds its float weights.</p>\n");
        List<List<String>> rows = new ArrayList<>();
        for (ShiftRow s : ShiftRow.of(r.fusion().layers())) {
            rows.add(List.of(s.layer(), s.becomes(), s.channels(), s.dotLength(), s.range(), s.bitWidth(), s.flipped(),
                    s.constant(), s.pools()));
        }
        table("Shifts per fused layer", List.of("layer", "runs as", "channels", "K", "B range", "B bits", "flipped",
                "constant", "pools folded in"), rows, "num");
    }

    private void verification(VerificationReport v) {
        section("verification", "Verification: fused bit-level network against the float network");
        out.append("<p class=\"verdict ").append(v.verdict() == Verdict.DIFFERENT ? "bad" : "ok").append("\">")
                .append(esc(v.verdictSentence())).append(" ")
                .append(String.format(Locale.ROOT, "%,d mismatching bits outside float32 rounding ties; predictions agree on "
                                + "%,d of %,d images (%s); accuracy float %s, fused %s; %,d class-score mismatches.",
                        v.mismatchesOutsideTies(), v.predictionsAgreeing(), v.examples(), pct(v.predictionAgreement()),
                        pct(v.floatAccuracy()), pct(v.fusedAccuracy()), v.outputScoreMismatches()))
                .append("</p>\n<p>Data: ").append(esc(v.data())).append(".</p>\n");
        List<List<String>> rows = new ArrayList<>();
        for (LayerAgreement l : v.layers()) {
            rows.add(List.of(l.name(), l.kind(), num(l.bits()), pct6(l.bitAgreement()), num(l.mismatches()), num(l.ties()),
                    num(l.nearTies())));
        }
        table("Bits compared per fused layer", List.of("layer", "kind", "bits", "agreement", "mismatches", "ties",
                "near ties"), rows, "num");
        out.append("<p class=\"note\">Ties: ").append(esc(v.tieDefinition())).append("</p>\n");
    }

    private void provenance(ModelReport r) {
        section("provenance", "Provenance");
        Provenance p = r.provenance();
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("model", r.name() + " (" + r.source() + ")"));
        if (p == null) {
            rows.add(List.of("provenance", "not recorded in the model file"));
        } else {
            rows.add(List.of("seed", Long.toString(p.seed())));
            rows.add(List.of("data set", nz(p.datasetId())));
            rows.add(List.of("training data SHA-256", nz(p.datasetSha256())));
            rows.add(List.of("epochs", Integer.toString(p.epochs())));
            Map<String, Double> metrics = new TreeMap<>(p.metrics());
            metrics.forEach((k, v) -> rows.add(List.of("metric " + k, Numbers.significant(v, 6))));
            rows.add(List.of("trained on JDK", nz(p.jdk())));
            rows.add(List.of("trained at", nz(p.createdAt())));
            rows.add(List.of("written by", "BitFlow Workbench " + nz(p.projectVersion())));
        }
        var t = r.definition().training();
        if (t != null) {
            rows.add(List.of("training settings", String.format(Locale.ROOT, "%s, learning rate %s, %s schedule, %d epochs, "
                            + "batch %d, seed %d, validation %.0f%%", lower(t.optimizer()), Numbers.significant(t.learningRate(), 4),
                    t.schedule() == null ? "constant" : lower(t.schedule().kind()), t.epochs(), t.batchSize(), t.seed(),
                    100 * t.validationFraction())));
        }
        if (r.definition().dataset() != null) {
            rows.add(List.of("data set of the definition", r.definition().dataset().id()
                    + (r.definition().dataset().classes().isEmpty() ? "" : " classes " + r.definition().dataset().classes())
                    + ", normalisation " + lower(r.definition().dataset().normalization())));
        }
        table(null, List.of("", ""), rows, "kv");
    }

    // ---- building blocks ----------------------------------------------------------------------------------

    private void section(String id, String title) {
        out.append("<h2 id=\"").append(id).append("\">").append(esc(title)).append("</h2>\n");
    }

    private void card(String value, String label) {
        out.append("<div class=\"card\"><div class=\"value\">").append(esc(value)).append("</div><div class=\"label\">")
                .append(esc(label)).append("</div></div>\n");
    }

    private void figure(String svg, String caption) {
        figure++;
        out.append("<figure>\n").append(svg).append("\n<figcaption><b>Figure ").append(figure).append(".</b> ")
                .append(esc(caption)).append("</figcaption>\n</figure>\n");
    }

    private void table(String caption, List<String> headers, List<List<String>> rows, String cssClass) {
        out.append("<table class=\"").append(cssClass).append("\">\n");
        if (caption != null) {
            table++;
            out.append("<caption><b>Table ").append(table).append(".</b> ").append(esc(caption)).append("</caption>\n");
        }
        if (headers.stream().anyMatch(h -> !h.isEmpty())) {
            out.append("<thead><tr>");
            headers.forEach(h -> out.append("<th>").append(esc(h)).append("</th>"));
            out.append("</tr></thead>\n");
        }
        out.append("<tbody>\n");
        for (List<String> row : rows) {
            out.append("<tr>");
            for (int i = 0; i < row.size(); i++) {
                out.append(i == 0 && cssClass.startsWith("kv") ? "<th>" : "<td>").append(esc(row.get(i)))
                        .append(i == 0 && cssClass.startsWith("kv") ? "</th>" : "</td>");
            }
            out.append("</tr>\n");
        }
        out.append("</tbody>\n</table>\n");
    }

    /** HTML text: &amp;, &lt;, &gt; and quotes escaped. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }

    private static String pct6(double fraction) {
        return String.format(Locale.ROOT, "%.4f%%", 100 * fraction);
    }

    static String num(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String precision(Precision p) {
        return p == null ? "" : p == Precision.BINARY ? "1 bit" : "fp32";
    }

    private static String nz(String s) {
        return s == null || s.isBlank() ? "\u2014" : s;
    }

    private static String lower(Object e) {
        return e == null ? "\u2014" : e.toString().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static final String CSS = """
            body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
                   color: #1f2328; background: #fff; max-width: 60rem; margin: 2rem auto; padding: 0 1.5rem;
                   line-height: 1.45; font-size: 15px; }
            h1 { font-size: 1.8rem; margin: 0 0 .2rem; }
            h2 { font-size: 1.3rem; margin: 2.2rem 0 .6rem; padding-bottom: .3rem; border-bottom: 1px solid #d0d7de; }
            .sub { color: #59636e; margin: 0 0 1rem; }
            table { border-collapse: collapse; margin: .8rem 0 1.2rem; font-size: 13px; width: 100%; }
            caption { caption-side: top; text-align: left; padding: .3rem 0; color: #1f2328; }
            th, td { border: 1px solid #d0d7de; padding: .25rem .45rem; vertical-align: top; }
            thead th { background: #f6f8fa; text-align: left; }
            table.num td { text-align: right; font-variant-numeric: tabular-nums; }
            table.num td:first-child, table.num td:nth-child(2) { text-align: left; }
            table.total { font-size: 12px; }
            table.total td { white-space: nowrap; }
            table.total td:nth-child(3) { text-align: left; }
            table.total tbody tr:last-child td { font-weight: bold; background: #f6f8fa; }
            table.kv { width: auto; } table.kv th { text-align: left; background: #f6f8fa; font-weight: 600; }
            .cards { display: flex; flex-wrap: wrap; gap: .6rem; }
            .card { border: 1px solid #d0d7de; border-radius: 6px; padding: .5rem .8rem; flex: 1 1 14rem; }
            .card .value { font-size: 1.35rem; font-weight: 700; }
            .card .label { color: #59636e; font-size: 13px; }
            figure { margin: 1rem 0 1.4rem; }
            figure svg { max-width: 100%; height: auto; display: block; }
            figcaption { font-size: 13px; color: #59636e; margin-top: .3rem; }
            .verdict { font-weight: 600; padding: .5rem .8rem; border-radius: 6px; }
            .verdict.ok { background: #dafbe1; border: 1px solid #2da44e; }
            .verdict.bad { background: #ffebe9; border: 1px solid #cf222e; }
            .note { color: #59636e; font-size: 13px; }
            footer { margin-top: 2.5rem; border-top: 1px solid #d0d7de; color: #59636e; font-size: 13px; }
            @media print {
              body { margin: 0; max-width: none; font-size: 11pt; }
              h2 { break-after: avoid; }
              figure, table, .cards { break-inside: avoid; }
              @page { size: A4; margin: 16mm; }
            }
            """;
}
