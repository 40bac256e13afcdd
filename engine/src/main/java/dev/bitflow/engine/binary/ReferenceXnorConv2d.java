package dev.bitflow.engine.binary;

import dev.bitflow.engine.api.definition.PaddingMode;

/**
 * The slow, obvious XNOR-popcount convolution the fast {@link XnorConv2d} is tested against. One output
 * value at a time, one tap at a time, straight from the formula in docs/kernels.md.
 *
 * <p>For output (oy, ox) and filter oc, tap (ky, kx) reads input pixel (oy * stride - pad + ky,
 * ox * stride - pad + kx). Each tap contributes the ±1 dot product of its {@code inChannels} bits. With
 * bit 1 = +1, bit 0 = -1, a tap's dot product over n valid bits is {@code n - 2 * popcount(a XOR w)} (equal
 * bits give +1, different bits give -1). Padding:
 * <ul>
 *   <li>VALID: every tap is inside the input.</li>
 *   <li>ZERO: a padded tap is the value 0 in training, so it contributes 0: its bits are masked out with a
 *       valid mask of 0 and it is not counted in {@code K_eff}. Hence
 *       {@code s = K_eff - 2 * popcount((a XOR w) & valid)}, {@code K_eff = valid taps * inChannels}.</li>
 *   <li>PLUS_ONE / MINUS_ONE: a padded tap reads all +1 (bits 1) / all -1 (bits 0); {@code K} is full.</li>
 * </ul>
 * Output: {@code int[(oy * outW + ox) * outChannels + oc]}.
 */
public final class ReferenceXnorConv2d {
    /** Computes all dot products of {@code in} with {@code weights}. */
    public int[] apply(PackedBits in, PackedConvWeights weights, ConvGeometry g) {
        g.checkInput(in);
        weights.checkGeometry(g);
        int outH = g.outH();
        int outW = g.outW();
        int wpt = weights.wordsPerTap();
        long[] a = new long[wpt];
        long[] w = new long[wpt];
        long[] valid = new long[wpt];
        int[] s = new int[outH * outW * g.outChannels()];
        for (int oy = 0; oy < outH; oy++) {
            for (int ox = 0; ox < outW; ox++) {
                for (int oc = 0; oc < g.outChannels(); oc++) {
                    int kEff = 0;
                    int mismatches = 0;
                    for (int ky = 0; ky < g.kernel(); ky++) {
                        for (int kx = 0; kx < g.kernel(); kx++) {
                            int iy = oy * g.stride() - g.pad() + ky;
                            int ix = ox * g.stride() - g.pad() + kx;
                            boolean inside = iy >= 0 && iy < g.inH() && ix >= 0 && ix < g.inW();
                            for (int i = 0; i < wpt; i++) {
                                long channelMask = PackedBits.wordMask(g.inChannels(), i);
                                if (inside) {
                                    a[i] = in.word(iy, ix, i);
                                } else if (g.paddingMode() == PaddingMode.PLUS_ONE) {
                                    a[i] = channelMask;
                                } else {
                                    a[i] = 0L; // MINUS_ONE pads -1 = bit 0; ZERO masks the tap out below
                                }
                                boolean counts = inside || g.paddingMode() != PaddingMode.ZERO;
                                valid[i] = counts ? channelMask : 0L;
                                w[i] = weights.plain()[((oc * g.kernel() + ky) * g.kernel() + kx) * wpt + i];
                                mismatches += Long.bitCount((a[i] ^ w[i]) & valid[i]);
                                kEff += Long.bitCount(valid[i]);
                            }
                        }
                    }
                    s[(oy * outW + ox) * g.outChannels() + oc] = kEff - 2 * mismatches;
                }
            }
        }
        return s;
    }
}
