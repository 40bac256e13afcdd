package dev.bitflow.engine.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Clipping of latent binary weights. */
final class Clip {
    private Clip() {
    }

    /** Clips {@code a} to [-1, 1] in place, in one pass (hard tanh); NaN stays NaN, so divergence is reported. */
    static void unit(INDArray a) {
        Transforms.hardTanh(a, false);
    }
}
