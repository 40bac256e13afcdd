package dev.bitflow.engine.binary;

/**
 * Max-pooling on packed bits, windows of {@code size x size} with {@code stride}, no padding
 * ({@code out = (in - size) / stride + 1}). With bit 1 = +1, the max of ±1 values is their OR; the min is
 * their AND. A per-channel mask chooses AND (bit set) or OR (bit clear), word by word:
 * {@code out = (OR & ~andMask) | (AND & andMask)}.
 *
 * <p>Why AND: for conv -> maxpool -> BN -> sign with gamma < 0, the threshold test is decreasing in its
 * input, so {@code test(max(x)) = min(test(x))}: threshold each value, then AND (docs/fusion.md, PoolBeforeBnPass). After
 * the weight flip those channels are thresholded as increasing tests, and the pooling over them is an AND.
 */
public final class BitMaxPool {
    private BitMaxPool() {
    }

    /**
     * Pools {@code in}; {@code andMaskPerWord} has one word per channel word (bit set: AND for that channel),
     * or is null for OR everywhere.
     */
    public static PackedBits pool(PackedBits in, int size, int stride, long[] andMaskPerWord) {
        int wpp = in.wordsPerPixel();
        checkArguments(in, size, stride, andMaskPerWord);
        int outH = (in.height() - size) / stride + 1;
        int outW = (in.width() - size) / stride + 1;
        PackedBits out = PackedBits.zeros(in.channels(), outH, outW);
        long[] src = in.words();
        long[] dst = out.words();
        int inW = in.width();
        for (int oy = 0; oy < outH; oy++) {
            for (int ox = 0; ox < outW; ox++) {
                int corner = (oy * stride * inW + ox * stride) * wpp;
                int o = (oy * outW + ox) * wpp;
                for (int w = 0; w < wpp; w++) {
                    // OR and AND of word w over the window, in registers
                    long or = 0L;
                    long and = -1L;
                    for (int ky = 0; ky < size; ky++) {
                        int rowBase = corner + ky * inW * wpp + w;
                        for (int i = rowBase; i < rowBase + size * wpp; i += wpp) {
                            long v = src[i];
                            or |= v;
                            and &= v;
                        }
                    }
                    long m = andMaskPerWord == null ? 0L : andMaskPerWord[w];
                    dst[o + w] = (or & ~m) | (and & m); // AND of valid bits keeps tail bits 0
                }
            }
        }
        return out;
    }

    static void checkArguments(PackedBits in, int size, int stride, long[] andMaskPerWord) {
        if (size < 1 || stride < 1 || size > in.height() || size > in.width()) {
            throw new IllegalArgumentException("pool " + size + "/" + stride + " does not fit " + in);
        }
        if (andMaskPerWord != null && andMaskPerWord.length != in.wordsPerPixel()) {
            throw new IllegalArgumentException("AND mask needs " + in.wordsPerPixel() + " words, got " + andMaskPerWord.length);
        }
    }
}
