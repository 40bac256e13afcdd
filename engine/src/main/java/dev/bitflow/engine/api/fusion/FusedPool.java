package dev.bitflow.engine.api.fusion;

/**
 * A max pool on bits inside a fused layer: windows of {@code size x size} with {@code stride}, no padding,
 * output {@code (in - size) / stride + 1} per axis. With bit 1 = +1 a max pool is the OR of the window's bits.
 * A pool that sat between the linear layer and a BatchNorm with gamma &lt; 0 becomes an AND for that channel
 * (the threshold test is decreasing there, so max-then-test = min of the tests); {@link #and(int)} says which.
 *
 * @param andChannels per output channel, true where the pool is an AND; null when every channel is an OR
 */
public record FusedPool(int size, int stride, boolean[] andChannels) {
    public FusedPool {
        if (size < 1 || stride < 1) {
            throw new IllegalArgumentException("pool size and stride must be >= 1");
        }
        andChannels = andChannels == null ? null : andChannels.clone();
    }

    @Override
    public boolean[] andChannels() {
        return andChannels == null ? null : andChannels.clone();
    }

    /** Whether channel {@code c} is pooled by AND (else OR). */
    public boolean and(int c) {
        return andChannels != null && andChannels[c];
    }

    /** Whether any channel is pooled by AND. */
    public boolean anyAnd() {
        if (andChannels != null) {
            for (boolean a : andChannels) {
                if (a) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The pooled size of an axis of {@code in} values. */
    public int outSize(int in) {
        return (in - size) / stride + 1;
    }
}
