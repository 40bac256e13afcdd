package dev.bitflow.engine.api.definition;

/** A fully connected layer with {@code units} outputs. Weights are laid out [in, out]. */
public record DenseSpec(String name, int units, Precision weights, ScalingFactor scaling, boolean bias)
        implements WeightLayerSpec {
    @Override
    public LayerType type() {
        return LayerType.DENSE;
    }

    @Override
    public DenseSpec withName(String newName) {
        return new DenseSpec(newName, units, weights, scaling, bias);
    }

    @Override
    public int outputChannels() {
        return units;
    }

    /** The input size: a dense layer reads every input value. */
    @Override
    public long dotLength(Shape input) {
        return input.size();
    }

    @Override
    public DenseSpec withScaling(ScalingFactor newScaling) {
        return new DenseSpec(name, units, weights, newScaling, bias);
    }
}
