package dev.bitflow.engine.fused;

import dev.bitflow.engine.api.definition.Padding;
import dev.bitflow.engine.binary.BitMaxPoolLayer;
import dev.bitflow.engine.binary.PackedBits;
import dev.bitflow.engine.reference.FloatOps;
import java.util.List;

/**
 * The fused first layer: the float conv (or dense) on the float input, computed by {@link FloatOps} exactly as
 * the float path does (or by {@link FirstLayerKernel}, the same float32 operations in one fast pass), then one float compare per value against the folded BatchNorm + sign threshold
 * ({@link FloatThreshold}), packed to bits; then the block's max pools on bits (AND for the channels whose
 * test is decreasing, when the pool sat before BatchNorm).
 *
 * @param conv        true for conv2d, false for dense
 * @param inChannels  input channels (dense: input length)
 * @param weights     effective weights (float, or ±1 for binary weights), the definition's layout
 * @param alpha       scaling factor or null
 * @param bias        bias or null
 * @param threshold   the folded BatchNorm + sign
 * @param pools       pools on the thresholded bits, in order
 */
public record FusedFirstLayer(String name, boolean conv, int inChannels, int inH, int inW, int outChannels, int kernel,
                              int stride, Padding padding, float[] weights, float[] alpha, float[] bias,
                              FloatThreshold threshold, List<BitMaxPoolLayer> pools) implements FusedLayer {
    public FusedFirstLayer {
        pools = List.copyOf(pools);
    }

    /** The float values y before the threshold, CHW (dense: a vector). */
    public float[] preThreshold(float[] x) {
        if (conv) {
            return FloatOps.conv2d(x, inChannels, inH, inW, weights, outChannels, kernel, stride, padding, alpha, bias);
        }
        return FloatOps.dense(x, weights, inChannels * inH * inW, outChannels, alpha, bias);
    }

    /** The thresholded bits before pooling. */
    public PackedBits threshold(float[] y) {
        int h = conv ? FloatOps.outSize(inH, kernel, stride, padding.amount()) : 1;
        int w = conv ? FloatOps.outSize(inW, kernel, stride, padding.amount()) : 1;
        PackedBits out = PackedBits.zeros(outChannels, h, w);
        long[] words = out.words();
        int wpp = out.wordsPerPixel();
        int plane = h * w;
        for (int c = 0; c < outChannels; c++) {
            long bit = 1L << (c & 63);
            int word = c >>> 6;
            for (int p = 0; p < plane; p++) {
                if (threshold.bit(c, y[c * plane + p])) {
                    words[p * wpp + word] |= bit;
                }
            }
        }
        return out;
    }

    /** The layer's bits after its pools, by the fast kernel ({@link FirstLayerKernel}, equal bit for bit). */
    public PackedBits apply(float[] x) {
        return new FirstLayerKernel(this).apply(x);
    }

    /** {@link #apply} the slow, obvious way: {@link #preThreshold}, {@link #threshold}, then the pools. */
    public PackedBits applyReference(float[] x) {
        PackedBits bits = threshold(preThreshold(x));
        for (BitMaxPoolLayer p : pools) {
            bits = p.apply(bits);
        }
        return bits;
    }
}
