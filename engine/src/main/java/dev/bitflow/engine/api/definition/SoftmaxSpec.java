package dev.bitflow.engine.api.definition;

/** The output: softmax over the previous layer's values, trained with cross-entropy. */
public record SoftmaxSpec(String name) implements LayerSpec {
    @Override
    public LayerType type() {
        return LayerType.SOFTMAX;
    }

    @Override
    public SoftmaxSpec withName(String newName) {
        return new SoftmaxSpec(newName);
    }
}
