package dev.bitflow.engine.fused;

/**
 * A fused conv first layer laid out for {@link FirstLayerVectorKernel}: out channels padded to {@code paddedC}, a
 * multiple of {@link FirstLayerVectorKernel#LANES}, so every vector of channels is whole.
 *
 * @param weights          {@code [tap * paddedC + o]}, tap = {@code (i * k + ky) * k + kx}; 0 past the last channel
 * @param alpha            scaling factor per channel (1 past the last), or null
 * @param bias             bias per channel (0 past the last), or null
 * @param sign             +1, or -1 for channels whose test is {@code y <= t} (+1 past the last)
 * @param signedThreshold  {@code sign * (t + 0f)}; +infinity past the last channel, so those bits are always 0
 * @param constMask        per output word, the channels whose bit is constant
 * @param constValue       per output word, their constant bits
 * @param padValue         value of a padded tap (+1, -1), or 0 for zero padding (padded taps skipped)
 */
record FirstLayerPlan(int inC, int inH, int inW, int kernel, int stride, int pad, float padValue, int outH, int outW,
                      int outC, int paddedC, float[] weights, float[] alpha, float[] bias, float[] sign,
                      float[] signedThreshold, long[] constMask, long[] constValue) {
}
