package dev.bitflow.engine.api.definition;

/** Average pooling over square windows of {@code size} with {@code stride}, no padding. */
public record AvgPoolSpec(String name, int size, int stride) implements LayerSpec {
    @Override
    public LayerType type() {
        return LayerType.AVGPOOL;
    }

    @Override
    public AvgPoolSpec withName(String newName) {
        return new AvgPoolSpec(newName, size, stride);
    }
}
