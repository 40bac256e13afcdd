package dev.bitflow.engine.api.definition;

/** Inverted dropout with drop probability {@code rate} in training; identity at inference. */
public record DropoutSpec(String name, double rate) implements LayerSpec {
    @Override
    public LayerType type() {
        return LayerType.DROPOUT;
    }

    @Override
    public DropoutSpec withName(String newName) {
        return new DropoutSpec(newName, rate);
    }
}
