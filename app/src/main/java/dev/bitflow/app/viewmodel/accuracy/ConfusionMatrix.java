package dev.bitflow.app.viewmodel.accuracy;

import dev.bitflow.app.export.TableData;
import dev.bitflow.engine.api.training.EvaluationResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An evaluation's confusion matrix as the Accuracy view draws it: counts by true class (rows) and predicted class
 * (columns), each cell's share of its row (what the colour shows: the diagonal is the class's accuracy, an
 * off-diagonal cell the share of that class taken for another), and per class its accuracy and the class it is
 * most often mistaken for.
 */
public record ConfusionMatrix(List<String> classes, int[][] counts, int[] rowTotals) {
    /** One class's line of the per-class table. */
    public record ClassRow(int index, String name, double accuracy, int correct, int total, String mistakenFor,
                           int mistakenCount) {
        /** "87.5%", or "" for a class without test images. */
        public String accuracyText() {
            return total == 0 ? "" : String.format(Locale.ROOT, "%.1f%%", 100 * accuracy);
        }

        /** "Shirt (41)", or "" when it is never mistaken. */
        public String mistakenText() {
            return mistakenCount == 0 ? "" : mistakenFor + " (" + mistakenCount + ")";
        }
    }

    public static ConfusionMatrix of(EvaluationResult r) {
        int n = r.classNames().size();
        int[][] counts = new int[n][n];
        int[] totals = new int[n];
        for (int t = 0; t < n; t++) {
            for (int p = 0; p < n; p++) {
                counts[t][p] = r.confusion().get(t).get(p);
                totals[t] += counts[t][p];
            }
        }
        return new ConfusionMatrix(List.copyOf(r.classNames()), counts, totals);
    }

    public int size() {
        return classes.size();
    }

    /** The share of true class {@code t}'s images predicted as {@code p} (0 for a class without images). */
    public double share(int t, int p) {
        return rowTotals[t] == 0 ? 0 : counts[t][p] / (double) rowTotals[t];
    }

    /** The hover text of a cell. */
    public String describe(int t, int p) {
        String what = t == p ? "correct" : "taken for " + classes.get(p);
        return String.format(Locale.ROOT, "%s: %,d of %,d test images %s (%.1f%%)", classes.get(t), counts[t][p],
                rowTotals[t], what, 100 * share(t, p));
    }

    /**
     * The counts as a table for copy and CSV: a row per true class (its name first), a column per predicted class,
     * then the row's total.
     */
    public TableData table() {
        List<String> headers = new ArrayList<>();
        headers.add("true \\ predicted");
        headers.addAll(classes);
        headers.add("total");
        List<List<String>> rows = new ArrayList<>();
        for (int t = 0; t < size(); t++) {
            List<String> row = new ArrayList<>();
            row.add(classes.get(t));
            for (int p = 0; p < size(); p++) {
                row.add(Integer.toString(counts[t][p]));
            }
            row.add(Integer.toString(rowTotals[t]));
            rows.add(row);
        }
        return new TableData("Confusion matrix", headers, rows);
    }

    /** One row per class: accuracy, correct / total, and the class it is most often taken for. */
    public List<ClassRow> rows() {
        List<ClassRow> out = new ArrayList<>();
        for (int t = 0; t < size(); t++) {
            int worst = -1;
            for (int p = 0; p < size(); p++) {
                if (p != t && counts[t][p] > 0 && (worst < 0 || counts[t][p] > counts[t][worst])) {
                    worst = p;
                }
            }
            out.add(new ClassRow(t, classes.get(t), share(t, t), counts[t][t], rowTotals[t],
                    worst < 0 ? "" : classes.get(worst), worst < 0 ? 0 : counts[t][worst]));
        }
        return out;
    }
}
