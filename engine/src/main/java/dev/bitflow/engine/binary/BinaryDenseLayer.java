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

    /**
     * This layer on examples {@code in[0..count)} read in channel-major order (a flatten before it: each a conv's
     * NHWC map, or a {@code 1 x 1 x inputs} vector), into {@code out[0..count)}: equal to {@link #apply} of each
     * example's {@link PackedBits#flattenChannelMajor()}, without making that copy ({@link DenseInputLayout}).
     */
    public void applyFlattened(PackedBits[] in, int count, BinaryDense kernel, PackedBits[] out) {
        if (count == 0) {
            return;
        }
        DenseInputLayout layout = weights.layoutFor(in[0].channels(), in[0].height(), in[0].width());
        kernel.applyThreshold(in, count, layout, shift, constMask, constValue, out);
    }

    public int[] dotProducts(PackedBits in, BinaryDense kernel) {
        return kernel.apply(in, weights);
    }
}
