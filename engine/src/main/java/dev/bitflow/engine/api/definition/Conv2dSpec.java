package dev.bitflow.engine.api.definition;

/**
 * A 2-D convolution with {@code filters} output channels, a square {@code kernel}, a square
 * {@code stride} and symmetric padding. Weights are laid out [out, in, kh, kw].
 */
public record Conv2dSpec(String name, int filters, int kernel, int stride, Padding padding,
                         Precision weights, ScalingFactor scaling, boolean bias) implements WeightLayerSpec {
    @Override
    public LayerType type() {
        return LayerType.CONV2D;
    }

    @Override
    public Conv2dSpec withName(String newName) {
        return new Conv2dSpec(newName, filters, kernel, stride, padding, weights, scaling, bias);
    }

    @Override
    public int outputChannels() {
        return filters;
    }

    /** {@code kernel * kernel * input channels}. */
    @Override
    public long dotLength(Shape input) {
        return (long) kernel * kernel * input.channels();
    }

    @Override
    public Conv2dSpec withScaling(ScalingFactor newScaling) {
        return new Conv2dSpec(name, filters, kernel, stride, padding, weights, newScaling, bias);
    }
}
