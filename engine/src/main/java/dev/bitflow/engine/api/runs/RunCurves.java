package dev.bitflow.engine.api.runs;

import java.util.ArrayList;
import java.util.List;

/**
 * The learning curves of a run.
 *
 * @param batches sampled training batches, in order
 * @param epochs  one entry per finished epoch, in order
 */
public record RunCurves(List<BatchPoint> batches, List<EpochPoint> epochs) {
    /** No points yet. */
    public static final RunCurves EMPTY = new RunCurves(List.of(), List.of());

    /**
     * A training batch.
     *
     * @param epoch    position in epochs (1.5: half-way through the second epoch)
     * @param loss     the batch's mean cross-entropy
     * @param accuracy the batch's fraction classified correctly (training mode)
     */
    public record BatchPoint(double epoch, double loss, double accuracy) {
    }

    /**
     * A finished epoch, training means and validation ({@code NaN} without a validation set).
     *
     * @param epoch 1-based
     */
    public record EpochPoint(int epoch, double trainLoss, double trainAccuracy, double validationLoss,
                             double validationAccuracy) {
    }

    public RunCurves {
        batches = List.copyOf(batches);
        epochs = List.copyOf(epochs);
    }

    /** These curves with {@code more} batches and epochs appended. */
    public RunCurves plus(List<BatchPoint> moreBatches, List<EpochPoint> moreEpochs) {
        List<BatchPoint> b = new ArrayList<>(batches);
        b.addAll(moreBatches);
        List<EpochPoint> e = new ArrayList<>(epochs);
        e.addAll(moreEpochs);
        return new RunCurves(b, e);
    }
}
