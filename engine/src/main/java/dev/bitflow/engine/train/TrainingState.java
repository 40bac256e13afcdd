package dev.bitflow.engine.train;

import dev.bitflow.engine.model.ParameterSet;
import dev.bitflow.engine.model.Tensor;
import java.util.Map;

/**
 * Everything a resumed run needs besides the definition and the data: parameters with BN statistics, the
 * optimiser state and how far training got. Data order, dropout masks and learning rates are pure functions of
 * (seed, epoch, batch, step), so no random-generator state is needed.
 *
 * @param epochsDone epochs completed
 * @param stepsDone  optimiser steps completed
 * @param metrics    metrics of the last completed epoch
 */
record TrainingState(ParameterSet parameters, Map<String, Tensor> optimizerState, int epochsDone, long stepsDone,
                     Map<String, Double> metrics) {
    TrainingState {
        optimizerState = Map.copyOf(optimizerState);
        metrics = Map.copyOf(metrics);
    }
}
