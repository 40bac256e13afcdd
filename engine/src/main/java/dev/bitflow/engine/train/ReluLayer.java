package dev.bitflow.engine.train;

import dev.bitflow.engine.api.definition.Shape;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@code y = max(0, x)}; {@code dx = dy * 1{x > 0}}. Used by float twins where the BCNN has sign. */
final class ReluLayer extends ShapePreservingLayer {
    private INDArray positive;

    ReluLayer(String name, Shape shape) {
        super(name, shape);
    }

    @Override
    public INDArray forward(INDArray x, Pass pass) {
        positive = x.gt(0).castTo(x.dataType());
        return x.mul(positive);
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        return gradOut.mul(positive);
    }
}
