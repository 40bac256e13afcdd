package dev.bitflow.app.viewmodel.training;

import dev.bitflow.engine.api.runs.RunCurves;
import dev.bitflow.engine.api.runs.RunRecord;
import java.util.List;
import java.util.Locale;

/** The runs table's cells and the comparison's values, formatted once for both. */
public final class RunFacts {
    private RunFacts() {
    }

    public static String data(RunRecord r) {
        return r.settings().dataLabel();
    }

    public static String epochs(RunRecord r) {
        return Integer.toString(r.definition().training().epochs());
    }

    public static String batchSize(RunRecord r) {
        return Integer.toString(r.definition().training().batchSize());
    }

    public static String learningRate(RunRecord r) {
        return java.math.BigDecimal.valueOf(r.definition().training().learningRate()).stripTrailingZeros().toPlainString();
    }

    public static String scalingFactor(RunRecord r) {
        return r.settings().scalingFactor() ? "on" : "off";
    }

    public static String seed(RunRecord r) {
        return Long.toString(r.definition().training().seed());
    }

    /** Training examples, e.g. "5,400" (empty until the run knows). */
    public static String examples(RunRecord r) {
        return r.settings().trainingExamples() == 0 ? "" : String.format(Locale.ROOT, "%,d", r.settings().trainingExamples());
    }

    /** Test accuracy in percent with one decimal, or "" before the run finished. */
    public static String accuracy(RunRecord r) {
        return Double.isNaN(r.accuracy()) ? "" : String.format(Locale.ROOT, "%.1f%%", 100 * r.accuracy());
    }

    public static String testLoss(RunRecord r) {
        return r.evaluation() == null ? "" : String.format(Locale.ROOT, "%.4f", r.evaluation().loss());
    }

    /** The last epoch's validation accuracy, or "". */
    public static String validationAccuracy(RunRecord r) {
        List<RunCurves.EpochPoint> e = r.curves().epochs();
        return e.isEmpty() || Double.isNaN(e.get(e.size() - 1).validationAccuracy()) ? ""
                : String.format(Locale.ROOT, "%.1f%%", 100 * e.get(e.size() - 1).validationAccuracy());
    }

    /** The last epoch's mean training loss, or "". */
    public static String trainingLoss(RunRecord r) {
        List<RunCurves.EpochPoint> e = r.curves().epochs();
        return e.isEmpty() ? "" : String.format(Locale.ROOT, "%.4f", e.get(e.size() - 1).trainLoss());
    }

    /** "42 s", "3 min 05 s", "1 h 02 min". */
    public static String duration(RunRecord r) {
        return duration(r.seconds());
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s < 60 ? s + " s" : s < 3600 ? String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60)
                : String.format(Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60);
    }

    /** When it started, in the machine's time zone: "2026-12-02 23:15". */
    public static String started(RunRecord r) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
                .withZone(java.time.ZoneId.systemDefault()).format(r.startedAt());
    }
}
