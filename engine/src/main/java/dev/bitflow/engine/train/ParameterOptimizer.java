package dev.bitflow.engine.train;

import dev.bitflow.engine.api.definition.TrainingSpec;
import dev.bitflow.engine.model.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    /**
     * Checks state read from a file before {@link #importState} uses it: every entry this optimiser needs is
     * there, has its parameter's shape and finite values (and, where the math requires it, non-negative ones),
     * and there is no entry it does not know.
     *
     * @throws IllegalArgumentException naming the entry and what is wrong with it
     */
    void checkState(Map<String, Tensor> state, List<Parameter> parameters);

    /**
     * One entry of a state read from a file: present, of {@code p}'s shape, finite and, if asked, not negative.
     * Adds its name to {@code seen}.
     */
    static void checkEntry(Map<String, Tensor> state, String key, Parameter p, boolean nonNegative, Set<String> seen) {
        Tensor t = state.get(key);
        if (t == null) {
            throw new IllegalArgumentException("optimizer state '" + key + "' is missing");
        }
        seen.add(key);
        long[] expected = p.value().shape();
        int[] shape = t.shape();
        boolean same = expected.length == shape.length;
        for (int i = 0; same && i < shape.length; i++) {
            same = expected[i] == shape[i];
        }
        if (!same) {
            throw new IllegalArgumentException("optimizer state '" + key + "' has shape " + Arrays.toString(shape)
                    + "; parameter " + p.key() + " has " + Arrays.toString(expected));
        }
        float[] v = t.data();
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw new IllegalArgumentException("optimizer state '" + key + "' holds " + v[i] + " at index " + i);
            }
            if (nonNegative && v[i] < 0) {
                throw new IllegalArgumentException("optimizer state '" + key + "' holds the negative value " + v[i]
                        + " at index " + i + " (a mean of squares is never negative)");
            }
        }
    }

    /** Fails on the first entry of {@code state} that is not in {@code known}. */
    static void checkNoOtherEntries(Map<String, Tensor> state, Set<String> known) {
        for (String key : state.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("optimizer state '" + key + "' is not state of this optimiser");
            }
        }
    }

    static ParameterOptimizer forSpec(TrainingSpec spec) {
        return switch (spec.optimizer()) {
            case ADAM -> new AdamOptimizer();
            case SGD_MOMENTUM -> new SgdMomentumOptimizer(spec.momentum());
        };
    }
}
