package dev.bitflow.engine.binary;

/**
 * A fused binary conv layer: XNOR-popcount conv + BatchShift threshold, integers only (no float field).
 * Output bit of channel oc at (oy, ox) is 1 iff {@code s + shift[oc] >= 0}, where {@code s} is the ±1 dot
 * product of the (already flip-negated) weights with the input; channels set in {@code constMask} are
 * constant with the value in {@code constValue} (see {@link ThresholdPacker}).
 *
 * @param weights    packed binary weights, gamma < 0 filters already negated
 * @param shift      BatchShift {@code B} per output channel
 * @param constMask  per output word, bit set: that channel is constant; null for none
 * @param constValue per output word, the constant channels' bits; null iff constMask is null
 * @param geometry   the conv's shape, stride and padding
 */
public record BinaryConvLayer(PackedConvWeights weights, short[] shift, long[] constMask, long[] constValue,
                              ConvGeometry geometry) {
    public BinaryConvLayer {
        weights.checkGeometry(geometry);
        ThresholdPacker.checkParameters(geometry.outChannels(), shift, constMask, constValue);
    }

    /** Runs the layer on one thread. */
    public PackedBits apply(PackedBits in) {
        return apply(in, new XnorConv2d());
    }

    /** Runs the layer with the given kernel (threads, loop). */
    public PackedBits apply(PackedBits in, XnorConv2d kernel) {
        return kernel.applyThreshold(in, weights, geometry, shift, constMask, constValue);
    }

    /** {@link #apply(PackedBits, XnorConv2d)} followed by {@code pool} ({@link XnorConv2d#applyThresholdPooled}). */
    public PackedBits applyPooled(PackedBits in, XnorConv2d kernel, BitMaxPoolLayer pool) {
        return kernel.applyThresholdPooled(in, weights, geometry, shift, constMask, constValue, pool);
    }

    /** The integer dot products before the threshold, {@code s[(oy * outW + ox) * outChannels + oc]}. */
    public int[] dotProducts(PackedBits in, XnorConv2d kernel) {
        return kernel.apply(in, weights, geometry);
    }
}
