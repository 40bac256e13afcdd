package dev.bitflow.engine.api.definition;

/**
 * Rectified linear activation {@code max(0, x)}. Not part of a BCNN; it exists so that a float twin of a
 * BCNN (same shapes, float everywhere, {@code relu} where the BCNN has {@code sign}) is a fair nonlinear
 * baseline rather than a linear model.
 */
public record ReluSpec(String name) implements LayerSpec {
    @Override
    public LayerType type() {
        return LayerType.RELU;
    }

    @Override
    public ReluSpec withName(String newName) {
        return new ReluSpec(newName);
    }
}
