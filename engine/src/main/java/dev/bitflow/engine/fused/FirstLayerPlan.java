package dev.bitflow.engine.fused;

/**
 * A fused conv first layer laid out for {@link FirstLayerVectorKernel}: out channels padded to {@code paddedC}, a
 * multiple of {@link FirstLayerVectorKernel#CHANNELS_PER_PASS}, so every pass over channels is whole; the input read
 * from a padded copy ({@link PaddedInput}) so that every output pixel reads every tap at a fixed offset.
 *
 * @param tapOffset        per tap {@code (i * k + ky) * k + kx}, its offset from a window's corner in the padded input
 * @param weights          {@code [tap * paddedC + o]}; 0 past the last channel
 * @param alpha            scaling factor per channel (1 past the last), or null
 * @param bias             bias per channel (0 past the last), or null
 * @param sign             +1, or -1 for channels whose test is {@code y <= t} (+1 past the last)
 * @param signedThreshold  {@code sign * (t + 0f)}; +infinity past the last channel, so those bits are always 0
 * @param threshold        the threshold {@code t} itself; +infinity past the last channel
 * @param belowMask        per word of {@code paddedC} channels, the channels whose test is {@code y <= t}
 * @param constMask        per output word, the channels whose bit is constant
 * @param constValue       per output word, their constant bits
 */
record FirstLayerPlan(PaddedInput input, int kernel, int stride, int outH, int outW, int outC, int paddedC,
                      int[] tapOffset, float[] weights, float[] alpha, float[] bias, float[] sign,
                      float[] signedThreshold, float[] threshold, long[] belowMask, long[] constMask,
                      long[] constValue) {
}
