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
}
