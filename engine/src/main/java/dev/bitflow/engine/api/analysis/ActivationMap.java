package dev.bitflow.engine.api.analysis;

import java.util.Arrays;

/**
 * The binary output of one layer for one image: {@code channels x height x width} bits, true = +1, false = -1.
 * Packed channel-major: bit {@code i = (c * height + y) * width + x} is bit {@code i % 64} of word {@code i / 64}.
 * A dense layer's output is {@code units x 1 x 1}.
 *
 * @param layer the layer whose output these bits are (a sign layer, or the max pool after it)
 * @param block the linear layer (conv2d or dense) that computes them
 */
public record ActivationMap(String layer, String block, int channels, int height, int width, long[] words) {
    public ActivationMap {
        long bits = (long) channels * height * width;
        if (channels <= 0 || height <= 0 || width <= 0 || words.length != (int) ((bits + 63) / 64)) {
            throw new IllegalArgumentException(words.length + " words for " + channels + "x" + height + "x" + width);
        }
        words = words.clone();
    }

    @Override
    public long[] words() {
        return words.clone();
    }

    /** Whether the bit at channel {@code c}, row {@code y}, column {@code x} is +1. */
    public boolean plusOne(int c, int y, int x) {
        int i = (c * height + y) * width + x;
        return (words[i >>> 6] >>> (i & 63) & 1L) != 0;
    }

    /** How many of channel {@code c}'s {@code height * width} bits are +1. */
    public int plusOnes(int c) {
        int n = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                n += plusOne(c, y, x) ? 1 : 0;
            }
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ActivationMap m && m.layer.equals(layer) && m.block.equals(block) && m.channels == channels
                && m.height == height && m.width == width && Arrays.equals(m.words, words);
    }

    @Override
    public int hashCode() {
        return layer.hashCode() * 31 + Arrays.hashCode(words);
    }

    @Override
    public String toString() {
        return layer + " (" + channels + "x" + height + "x" + width + ")";
    }
}
