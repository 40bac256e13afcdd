package dev.bitflow.engine.data;

import dev.bitflow.engine.api.training.EvaluationResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Counts predictions against the labels of one {@link LabeledData} and sums their loss, then builds the
 * {@link EvaluationResult}: accuracy, mean loss (both 0 for no examples), per-class accuracy (NaN for a class
 * without examples) and the confusion matrix (rows: label, columns: prediction). Used by every evaluation, so
 * trained and fused models are scored alike.
 */
public final class EvaluationTally {
    private final LabeledData data;
    private final int[][] confusion;
    private int examples;
    private int correct;
    private double lossSum;

    public EvaluationTally(LabeledData data) {
        this.data = data;
        this.confusion = new int[data.classes()][data.classes()];
    }

    /** One example; a label or prediction outside the classes counts in accuracy but not in the matrix. */
    public void add(int label, int predicted) {
        examples++;
        correct += predicted == label ? 1 : 0;
        if (label < confusion.length && predicted < confusion.length) {
            confusion[label][predicted]++;
        }
    }

    /** Adds {@code loss} (summed over the examples it covers) to the loss total. */
    public void addLoss(double loss) {
        lossSum += loss;
    }

    /** The result over the examples added, named after the data. */
    public EvaluationResult result() {
        List<Double> perClass = new ArrayList<>();
        List<List<Integer>> rows = new ArrayList<>();
        for (int c = 0; c < confusion.length; c++) {
            int total = Arrays.stream(confusion[c]).sum();
            perClass.add(total == 0 ? Double.NaN : (double) confusion[c][c] / total);
            rows.add(Arrays.stream(confusion[c]).boxed().toList());
        }
        int n = examples;
        return new EvaluationResult(data.name(), n, n == 0 ? 0 : (double) correct / n, n == 0 ? 0 : lossSum / n,
                data.classNames(), perClass, rows);
    }
}
