package dev.bitflow.engine.api.definition;

/**
 * A layer with weights: a 2-D convolution or a dense layer. Each output is a dot product of the layer's input
 * with one filter (or weight column) of {@link #dotLength K} values; binary weights on ±1 input make it an
 * XNOR-popcount, optionally scaled by a per-channel scaling factor (SF).
 */
public sealed interface WeightLayerSpec extends LayerSpec permits Conv2dSpec, DenseSpec {
    /** Precision of the weights. */
    Precision weights();

    /** How binary weights are scaled (ignored for float weights). */
    ScalingFactor scaling();

    /** Whether the layer adds a bias per output channel. */
    boolean bias();

    /** Output channels: a conv's filters, a dense layer's units. */
    int outputChannels();

    /**
     * K, the length of each output's dot product on an input of shape {@code input}: {@code kernel * kernel *
     * input channels} for a conv, the input size for a dense layer. With zero padding a conv output at the border
     * sums over fewer valid taps, K_eff &lt;= K.
     */
    long dotLength(Shape input);

    /** Whether the weights are binary (±1, stored as sign bits). */
    default boolean binaryWeights() {
        return weights() == Precision.BINARY;
    }

    /** A copy with another scaling factor. */
    WeightLayerSpec withScaling(ScalingFactor newScaling);
}
