package dev.bitflow.engine.api.definition;

/**
 * A 2-D convolution with {@code filters} output channels, a square {@code kernel}, a square
 * {@code stride} and symmetric padding. Weights are laid out [out, in, kh, kw].
 */
public record Conv2dSpec(String name, int filters, int kernel, int stride, Padding padding,
                         Precision weights, ScalingFactor scaling, boolean bias) implements LayerSpec {
    @Override
    public String type() {
        return "conv2d";
    }

    @Override
    public Conv2dSpec withName(String newName) {
        return new Conv2dSpec(newName, filters, kernel, stride, padding, weights, scaling, bias);
    }
}
