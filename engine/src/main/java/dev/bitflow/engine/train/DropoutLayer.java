package dev.bitflow.engine.train;

import dev.bitflow.engine.api.definition.Shape;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Inverted dropout: in training each value is kept with probability {@code 1 - rate} and scaled by
 * {@code 1 / (1 - rate)}; identity at inference. The mask is drawn in plain Java from the pass seed mixed
 * with this layer's index, so it depends only on (run seed, epoch, batch, layer).
 */
final class DropoutLayer extends ShapePreservingLayer {
    private final double rate;
    private final long salt;
    private INDArray mask;

    DropoutLayer(String name, Shape shape, double rate, long salt) {
        super(name, shape);
        if (rate < 0 || rate >= 1) {
            throw new IllegalArgumentException("layer '" + name + "': dropout rate must be in [0, 1), was " + rate);
        }
        this.rate = rate;
        this.salt = salt;
    }

    @Override
    public INDArray forward(INDArray x, Pass pass) {
        if (!pass.training() || rate == 0) {
            mask = null;
            return x;
        }
        SplittableRandom random = new SplittableRandom(pass.seed() * 0x9E3779B97F4A7C15L + salt);
        double[] m = new double[Math.toIntExact(x.length())];
        double keep = 1.0 / (1.0 - rate);
        for (int i = 0; i < m.length; i++) {
            m[i] = random.nextDouble() < rate ? 0.0 : keep;
        }
        mask = Nd4j.create(m, x.shape(), 'c').castTo(x.dataType());
        return x.mul(mask);
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        return mask == null ? gradOut : gradOut.mul(mask);
    }
}
