package dev.bitflow.engine.api.training;

import java.util.Arrays;

/**
 * One float32 parameter of a trained model, by layer and parameter name, with its shape; values row-major (last
 * index fastest). Names and layouts: conv {@code W [out, in, kh, kw]} and {@code b [out]}; dense {@code W [in, out]}
 * and {@code b [out]}; BatchNorm {@code gamma}, {@code beta}, {@code mean}, {@code var} (running statistics), each
 * {@code [channels]}. Binary layers hold their latent float weights: the binary weight is sign(W) with sign(0) = +1
 * and the scaling factor {@code alpha_c = mean |W_c|} is recomputed, not stored.
 */
public record ModelParameter(String layer, String name, int[] shape, float[] values) {
    public ModelParameter {
        shape = shape.clone();
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(layer + "/" + name + ": negative dimension " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n != values.length) {
            throw new IllegalArgumentException(layer + "/" + name + ": shape " + Arrays.toString(shape) + " needs " + n
                    + " values, got " + values.length);
        }
        values = values.clone();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public float[] values() {
        return values.clone();
    }

    /** {@code layer/name}, as in model files and {@code .npz} weight files. */
    public String key() {
        return layer + "/" + name;
    }
}
