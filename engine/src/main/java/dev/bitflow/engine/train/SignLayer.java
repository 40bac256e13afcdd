package dev.bitflow.engine.train;

import dev.bitflow.engine.api.definition.Shape;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Binary activation: forward {@code sign(x)} with sign(0) = +1; backward straight-through with the hard-tanh
 * window, {@code dx = dy * 1{|x| <= 1}}. Remembers the fraction of +1 outputs of the last forward pass for the
 * training listener.
 */
final class SignLayer extends ShapePreservingLayer {
    private final SignFunction sign;
    private INDArray input;
    private double plusOneRate;

    SignLayer(String name, Shape shape, SignFunction sign) {
        super(name, shape);
        this.sign = sign;
    }

    /** Fraction of +1 among the outputs of the last forward pass. */
    double plusOneRate() {
        return plusOneRate;
    }

    @Override
    public INDArray forward(INDArray x, Pass pass) {
        input = x;
        INDArray y = sign.apply(x);
        // y is +-1, so its mean is 2p - 1 for the fraction p of +1 (one reduction, no mask array)
        plusOneRate = (y.meanNumber().doubleValue() + 1) / 2;
        return y;
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        return SignFunction.steGradient(input, gradOut);
    }
}
