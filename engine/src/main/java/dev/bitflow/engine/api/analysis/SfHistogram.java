package dev.bitflow.engine.api.analysis;

/**
 * Histogram of one channel's integer pre-activations s (the dot product after any max pool before BatchNorm,
 * i.e. the value BatchNorm thresholds) over the test examples, one bin per integer: {@code counts[i]} is how
 * often {@code s == min + i} occurred. It spans the observed range only; every s lies in {@code [-K, K]}.
 */
public record SfHistogram(int min, long[] counts) {
    /** The largest s with a bin ({@code min - 1} when empty). */
    public int max() {
        return min + counts.length - 1;
    }

    /** How often {@code s} occurred. */
    public long count(int s) {
        int i = s - min;
        return i < 0 || i >= counts.length ? 0 : counts[i];
    }

    /** Sum of all bins: examples x positions. */
    public long total() {
        long t = 0;
        for (long c : counts) {
            t += c;
        }
        return t;
    }
}
