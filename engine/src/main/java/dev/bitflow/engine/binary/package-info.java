/**
 * Bit-level inference: packed binary tensors ({@link dev.bitflow.engine.binary.PackedBits}), packed binary
 * weights, XNOR-popcount convolution and dense kernels (a slow obvious reference beside every fast one),
 * OR/AND bit max-pooling, BatchShift thresholding to bits, and the integer-only fused layer classes.
 *
 * <p>Conventions used throughout: bit 1 = +1, bit 0 = -1; channels are packed 64 to a {@code long},
 * channel {@code c} is bit {@code c % 64} of word {@code c / 64}; unused high bits of the last word of a
 * pixel are always 0 (kernels rely on this: two zero bits XOR to 0 and never count). Integer dot products
 * of a conv are laid out {@code s[(oy * outW + ox) * outChannels + oc]} (NHWC); of a dense layer
 * {@code s[out]}. See docs/kernels.md.
 */
package dev.bitflow.engine.binary;
