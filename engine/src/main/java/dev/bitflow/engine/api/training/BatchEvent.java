package dev.bitflow.engine.api.training;

import java.util.Map;

/**
 * Metrics of one training batch.
 *
 * @param epoch           0-based epoch
 * @param batch           0-based batch within the epoch
 * @param batchesPerEpoch batches in one epoch
 * @param step            0-based optimiser step since the start of training
 * @param totalSteps      optimiser steps of the whole run
 * @param loss            mean cross-entropy of this batch
 * @param accuracy        fraction of this batch classified correctly (training mode)
 * @param learningRate    learning rate used for this step
 * @param plusOneRates    per sign layer, the fraction of its outputs that are +1
 * @param signFlipRates   per binary layer, the fraction of its binary weights whose sign this step flipped
 * @param stepMillis      wall time of this step (forward, backward, update)
 */
public record BatchEvent(int epoch, int batch, int batchesPerEpoch, long step, long totalSteps, double loss,
                         double accuracy, double learningRate, Map<String, Double> plusOneRates,
                         Map<String, Double> signFlipRates, double stepMillis) {
    public BatchEvent {
        plusOneRates = Map.copyOf(plusOneRates);
        signFlipRates = Map.copyOf(signFlipRates);
    }
}
