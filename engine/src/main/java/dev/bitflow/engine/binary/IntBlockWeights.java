package dev.bitflow.engine.binary;

import dev.bitflow.engine.api.definition.PaddingMode;

/**
 * Binary conv weights laid out for {@link IntBlockConvKernel}: out channels in blocks (128 channels each, the last one
 * 64 wide when at most 64 channels remain; or all 64 wide for the padded 3x3 convs,
 * {@link PackedConvWeights#intWordBlocks}), each tap's words split into {@code halvesPerWord} 32-bit halves. Block
 * {@code b} covers channels from {@code widths[0] * b}; {@code blocks[b][((tap * wordsPerTap + w) * halvesPerWord +
 * half) * widths[b] + j]} is bits {@code 32 * half ..} of word {@code w} of {@code tap} for out channel
 * {@code widths[0] * b + j}, 0 past the last channel.
 *
 * <p>{@code halvesPerWord} is 1 when the input has at most 32 channels: the high half of every word is then 0 in both
 * the weights and the input (unused bits are 0) and adds nothing to a mismatch count, so it is not stored or counted.
 * A 64-wide last block keeps a layer of 64 (or 129..192, ...) channels from counting a half-empty block.
 *
 * @param blocks        the halves per block
 * @param widths        channels per block, {@link IntBlockConvKernel#BLOCK} or {@link IntBlockConvKernel#HALF_BLOCK}
 * @param halvesPerWord 1 or 2
 */
record IntBlockWeights(int[][] blocks, int[] widths, int halvesPerWord) {
    /** Block widths for {@code outChannels}: 128s, and 64 for a rest of at most 64. */
    static int[] widths(int outChannels) {
        int full = outChannels / IntBlockConvKernel.BLOCK;
        int rest = outChannels % IntBlockConvKernel.BLOCK;
        int[] widths = new int[full + (rest > 0 ? 1 : 0)];
        java.util.Arrays.fill(widths, IntBlockConvKernel.BLOCK);
        if (rest > 0) {
            widths[full] = rest <= IntBlockConvKernel.HALF_BLOCK ? IntBlockConvKernel.HALF_BLOCK : IntBlockConvKernel.BLOCK;
        }
        return widths;
    }

    /** Halves per input word the kernel counts: 1 for at most 32 input channels, else 2. */
    static int halvesPerWord(int inChannels) {
        return inChannels <= 32 ? 1 : 2;
    }

    /**
     * {@code perTap[tap * outChannels + oc]} regrouped by block as {@code [b][tap * widths[b] + j]}, 0 past the last
     * channel (the ±1 padding popcounts).
     */
    int[][] perTapInBlocks(int[] perTap, int taps, int outChannels) {
        int[][] out = new int[widths.length][];
        for (int b = 0; b < widths.length; b++) {
            out[b] = new int[taps * widths[b]];
        }
        for (int t = 0; t < taps; t++) {
            for (int oc = 0; oc < outChannels; oc++) {
                int b = oc / IntBlockConvKernel.BLOCK;
                out[b][t * widths[b] + oc % IntBlockConvKernel.BLOCK] = perTap[t * outChannels + oc];
            }
        }
        return out;
    }

    /**
     * The input words as {@link #inputHalves} in a map with a border of {@code g.pad()} pixels on every side,
     * {@code (inH + 2 * pad) x (inW + 2 * pad)} pixels of {@code wordsPerTap * halvesPerWord} ints, so that every tap of
     * every output pixel is inside it: input pixel {@code (iy, ix)} is padded pixel {@code (iy + pad, ix + pad)}. The
     * border holds the padding value: all +1 bits of the channels for {@link PaddingMode#PLUS_ONE}, 0 (all -1, and the
     * value {@link PaddedConvPlan} corrects for zero padding) otherwise.
     */
    int[] paddedInputHalves(long[] words, ConvGeometry g) {
        int wpt = PackedBits.wordsFor(g.inChannels());
        int hpt = wpt * halvesPerWord;
        int pad = g.pad();
        int paddedW = g.inW() + 2 * pad;
        int[] halves = new int[(g.inH() + 2 * pad) * paddedW * hpt];
        if (pad > 0 && g.paddingMode() == PaddingMode.PLUS_ONE) {
            int[] border = new int[hpt];
            for (int w = 0; w < wpt; w++) {
                long mask = PackedBits.wordMask(g.inChannels(), w);
                border[w * halvesPerWord] = (int) mask;
                if (halvesPerWord == 2) {
                    border[w * 2 + 1] = (int) (mask >>> 32);
                }
            }
            for (int i = 0; i < halves.length; i += hpt) {
                System.arraycopy(border, 0, halves, i, hpt);
            }
        }
        for (int iy = 0; iy < g.inH(); iy++) {
            int from = iy * g.inW() * wpt;
            int to = ((iy + pad) * paddedW + pad) * hpt;
            if (halvesPerWord == 1) {
                for (int i = 0; i < g.inW() * wpt; i++) {
                    halves[to + i] = (int) words[from + i];
                }
            } else {
                for (int i = 0; i < g.inW() * wpt; i++) {
                    halves[to + 2 * i] = (int) words[from + i];
                    halves[to + 2 * i + 1] = (int) (words[from + i] >>> 32);
                }
            }
        }
        return halves;
    }

    /** The input words as the 32-bit halves the kernel counts: {@code halvesPerWord} ints per word, low half first. */
    int[] inputHalves(long[] words) {
        int[] halves = new int[words.length * halvesPerWord];
        if (halvesPerWord == 1) {
            for (int i = 0; i < words.length; i++) {
                halves[i] = (int) words[i];
            }
        } else {
            for (int i = 0; i < words.length; i++) {
                halves[2 * i] = (int) words[i];
                halves[2 * i + 1] = (int) (words[i] >>> 32);
            }
        }
        return halves;
    }
}
