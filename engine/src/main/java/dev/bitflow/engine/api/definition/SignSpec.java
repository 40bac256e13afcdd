package dev.bitflow.engine.api.definition;

/**
 * Binary activation: forward {@code sign(x)} with sign(0) = +1; backward straight-through with the
 * hard-tanh window, {@code grad * 1{|x| <= 1}}.
 */
public record SignSpec(String name) implements LayerSpec {
    @Override
    public LayerType type() {
        return LayerType.SIGN;
    }

    @Override
    public SignSpec withName(String newName) {
        return new SignSpec(newName);
    }
}
