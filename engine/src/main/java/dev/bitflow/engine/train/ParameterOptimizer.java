package dev.bitflow.engine.train;

import dev.bitflow.engine.api.definition.TrainingSpec;
import dev.bitflow.engine.model.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Updates parameters from their gradients. After the update, latent binary weights are clipped to [-1, 1]
 * (the binary-weight rule). The state (moments, step count) can be exported and restored so that a resumed run
 * continues bit-identically.
 */
interface ParameterOptimizer {
    /** Applies one step with learning rate {@code lr}. */
    void step(List<Parameter> parameters, double lr);

    /** Optimiser state by name, for checkpoints. */
    Map<String, Tensor> exportState();

    /**
     * Restores {@link #exportState()} output after {@code stepsDone} steps (Adam's bias correction needs the
     * count); fails naming the missing entry.
     */
    void importState(Map<String, Tensor> state, List<Parameter> parameters, long stepsDone);

    static ParameterOptimizer forSpec(TrainingSpec spec) {
        return switch (spec.optimizer()) {
            case ADAM -> new AdamOptimizer();
            case SGD_MOMENTUM -> new SgdMomentumOptimizer(spec.momentum());
        };
    }
}
