package dev.bitflow.engine.api.definition;

/** A fully connected layer with {@code units} outputs. Weights are laid out [in, out]. */
public record DenseSpec(String name, int units, Precision weights, ScalingFactor scaling, boolean bias)
        implements LayerSpec {
    @Override
    public String type() {
        return "dense";
    }

    @Override
    public DenseSpec withName(String newName) {
        return new DenseSpec(newName, units, weights, scaling, bias);
    }
}
