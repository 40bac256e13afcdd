package dev.bitflow.engine.train;

import dev.bitflow.engine.api.definition.Shape;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Flattens NCHW to [batch, c*h*w], channel-major (c, then y, then x): a C-order reshape. */
final class FlattenLayer implements TrainLayer {
    private final String name;
    private final Shape in;
    private final Shape out;

    FlattenLayer(String name, Shape in) {
        this.name = name;
        this.in = in;
        this.out = Shape.flat(Math.toIntExact(in.size()));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Shape inputShape() {
        return in;
    }

    @Override
    public Shape outputShape() {
        return out;
    }

    @Override
    public INDArray forward(INDArray x, Pass pass) {
        return x.dup('c').reshape('c', x.size(0), out.channels());
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        return gradOut.dup('c').reshape('c', gradOut.size(0), in.channels(), in.height(), in.width());
    }
}
