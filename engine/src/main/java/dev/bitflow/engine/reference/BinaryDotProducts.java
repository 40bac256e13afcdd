package dev.bitflow.engine.reference;

import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.binary.BinaryDense;
import dev.bitflow.engine.binary.ConvGeometry;
import dev.bitflow.engine.binary.PackedBits;
import dev.bitflow.engine.binary.PackedConvWeights;
import dev.bitflow.engine.binary.PackedDenseWeights;
import dev.bitflow.engine.binary.XnorConv2d;

/**
 * The integer dot products s of a binary-weight conv2d or dense layer whose input values are all ±1, computed by
 * XNOR-popcount on packed bits ({@link XnorConv2d}, {@link BinaryDense}) and returned as float32, CHW. They are the
 * very numbers {@link FloatOps#conv2d} / {@link FloatOps#dense} compute with {@code sign(W)} and no alpha or bias:
 * every product is ±1 and every float32 partial sum a small integer, so the float loop is exact; the kernels are
 * many times faster (tests check both bit for bit). Immutable; safe to share between threads.
 */
public final class BinaryDotProducts {
    private final XnorConv2d convKernel = new XnorConv2d();
    private final BinaryDense denseKernel = new BinaryDense();
    private final PackedConvWeights conv;
    private final ConvGeometry geometry;
    private final PackedDenseWeights dense;

    private BinaryDotProducts(PackedConvWeights conv, ConvGeometry geometry, PackedDenseWeights dense) {
        this.conv = conv;
        this.geometry = geometry;
        this.dense = dense;
    }

    /** For binary layer {@code layer} with parameters {@code lp} (latent weights) reading shape {@code in}. */
    public static BinaryDotProducts of(LayerSpec layer, LayerParameters lp, Shape in) {
        if (layer instanceof Conv2dSpec c) {
            return new BinaryDotProducts(PackedConvWeights.fromLatent(lp.latent(), c.filters(), in.channels(),
                    c.kernel(), null), new ConvGeometry(in.channels(), in.height(), in.width(), c.filters(), c.kernel(),
                    c.stride(), c.padding()), null);
        }
        return new BinaryDotProducts(null, null,
                PackedDenseWeights.fromLatent(lp.latent(), (int) in.size(), ((DenseSpec) layer).units(), null));
    }

    /** s for the ±1 values {@code x} (CHW, or a vector for dense), CHW. */
    public float[] apply(float[] x) {
        if (conv != null) {
            ConvGeometry g = geometry;
            int[] s = convKernel.apply(PackedBits.fromSignsChw(x, g.inChannels(), g.inH(), g.inW()), conv, g);
            int plane = g.outH() * g.outW();
            int outC = g.outChannels();
            float[] chw = new float[s.length];
            for (int p = 0; p < plane; p++) {
                for (int o = 0; o < outC; o++) {
                    chw[o * plane + p] = s[p * outC + o];
                }
            }
            return chw;
        }
        int[] s = denseKernel.apply(PackedBits.fromSignsVector(x), dense);
        float[] out = new float[s.length];
        for (int o = 0; o < s.length; o++) {
            out[o] = s[o];
        }
        return out;
    }
}
