package dev.bitflow.engine.api.definition;

/** Max pooling over square windows of {@code size} with {@code stride}, no padding. */
public record MaxPoolSpec(String name, int size, int stride) implements LayerSpec {
    @Override
    public LayerType type() {
        return LayerType.MAXPOOL;
    }

    @Override
    public MaxPoolSpec withName(String newName) {
        return new MaxPoolSpec(newName, size, stride);
    }
}
