package dev.bitflow.engine.binary;

/**
 * A max-pool on bits: OR for ordinary channels, AND for the channels set in {@code andMask} (pool before
 * BN with gamma < 0, see {@link BitMaxPool}). {@code andMask} may be null (OR everywhere).
 */
public record BitMaxPoolLayer(int size, int stride, long[] andMask) {
    public BitMaxPoolLayer {
        if (size < 1 || stride < 1) {
            throw new IllegalArgumentException("pool size and stride must be >= 1");
        }
    }

    public PackedBits apply(PackedBits in) {
        return BitMaxPool.pool(in, size, stride, andMask);
    }

    /** Whether channel {@code c} is pooled by AND (its bit set in {@code andMask}). */
    public boolean pooledByAnd(int c) {
        return andMask != null && ((andMask[c >>> 6] >>> (c & 63)) & 1L) != 0;
    }

    /**
     * Whether the windows are 2x2 and do not overlap (stride at least 2) and the pool fits a map of {@code channels}
     * x {@code height x width} (a window fits, the AND mask has a word per channel word): the pools a kernel may take
     * before its threshold, from the values it thresholds, computing each pixel once. A pool that does not fit is left
     * to {@link #apply}, which says why.
     */
    public boolean disjointTwoByTwoOn(int channels, int height, int width) {
        return size == 2 && stride >= 2 && height >= 2 && width >= 2
                && (andMask == null || andMask.length == PackedBits.wordsFor(channels));
    }

    /** Output rows (or columns) on {@code in} input rows (columns): {@code (in - size) / stride + 1}. */
    public int outSize(int in) {
        return (in - size) / stride + 1;
    }
}
