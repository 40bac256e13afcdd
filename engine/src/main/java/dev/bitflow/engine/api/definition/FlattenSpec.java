package dev.bitflow.engine.api.definition;

/** Flattens a spatial tensor channel-major (c, y, x) into a vector. */
public record FlattenSpec(String name) implements LayerSpec {
    @Override
    public LayerType type() {
        return LayerType.FLATTEN;
    }

    @Override
    public FlattenSpec withName(String newName) {
        return new FlattenSpec(newName);
    }
}
