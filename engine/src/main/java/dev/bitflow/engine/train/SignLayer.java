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
        plusOneRate = x.gte(0).castTo(x.dataType()).meanNumber().doubleValue();
        return y;
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        return gradOut.mul(SignFunction.window(input));
    }
}
