package dev.bitflow.engine.train;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Seeded weight initialisation in plain Java (no ND4J random state, so the same seed gives the same weights
 * on any thread count).
 */
final class Initializers {
    private Initializers() {
    }

    /** Glorot (Xavier) uniform: U(-l, l), {@code l = sqrt(6 / (fanIn + fanOut))}. */
    static INDArray glorotUniform(SplittableRandom random, DataType type, long fanIn, long fanOut, long... shape) {
        double limit = Math.sqrt(6.0 / (fanIn + fanOut));
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        double[] values = new double[Math.toIntExact(n)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (random.nextDouble() * 2 - 1) * limit;
        }
        return Nd4j.create(values, shape, 'c').castTo(type);
    }
}
