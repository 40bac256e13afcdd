package dev.bitflow.engine.train;

import dev.bitflow.engine.api.definition.Shape;

/** A layer whose output has the shape of its input (activations, dropout, BatchNorm). */
abstract class ShapePreservingLayer implements TrainLayer {
    private final String name;
    private final Shape shape;

    ShapePreservingLayer(String name, Shape shape) {
        this.name = name;
        this.shape = shape;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Shape inputShape() {
        return shape;
    }

    @Override
    public final Shape outputShape() {
        return shape;
    }
}
