package dev.bitflow.engine.binary;

/**
 * A fused binary dense layer: XNOR-popcount dot products + BatchShift threshold, integers only. Input is a
 * {@code 1 x 1 x inputs} map (use {@link PackedBits#flattenChannelMajor()} after a conv), output
 * {@code 1 x 1 x outputs}, bit o = 1 iff {@code s[o] + shift[o] >= 0}, constant outputs as in
 * {@link ThresholdPacker}.
 */
public record BinaryDenseLayer(PackedDenseWeights weights, short[] shift, long[] constMask, long[] constValue) {
    public BinaryDenseLayer {
        ThresholdPacker.checkParameters(weights.outputs(), shift, constMask, constValue);
    }

    public PackedBits apply(PackedBits in) {
        return apply(in, new BinaryDense());
    }

    public PackedBits apply(PackedBits in, BinaryDense kernel) {
        return kernel.applyThreshold(in, weights, shift, constMask, constValue);
    }

    public int[] dotProducts(PackedBits in, BinaryDense kernel) {
        return kernel.apply(in, weights);
    }
}
