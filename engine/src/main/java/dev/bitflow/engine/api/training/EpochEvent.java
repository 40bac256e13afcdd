package dev.bitflow.engine.api.training;

import java.util.Map;

/**
 * Metrics of one finished epoch. Training metrics are means over the epoch's batches (training mode);
 * validation metrics are measured after the epoch in inference mode ({@code NaN} without a validation set).
 *
 * @param epoch              0-based epoch just finished
 * @param epochs             epochs of the whole run
 * @param plusOneRates       per sign layer, mean +1 rate over the epoch
 * @param signFlipRates      per binary layer, fraction of binary weights whose sign differs from the start of
 *                           the epoch
 * @param seconds            wall time of the epoch, validation included
 * @param meanStepMillis     mean wall time of one optimiser step
 */
public record EpochEvent(int epoch, int epochs, double trainLoss, double trainAccuracy, double validationLoss,
                         double validationAccuracy, double learningRate, Map<String, Double> plusOneRates,
                         Map<String, Double> signFlipRates, double seconds, double meanStepMillis) {
    public EpochEvent {
        plusOneRates = Map.copyOf(plusOneRates);
        signFlipRates = Map.copyOf(signFlipRates);
    }
}
