package dev.bitflow.engine.binary;

/**
 * Binary dense weights laid out for one input shape, so that a dense layer after a flatten reads the conv's NHWC
 * bits directly instead of a channel-major copy ({@link PackedBits#flattenChannelMajor()}).
 *
 * <p><b>Why no flatten is needed.</b> The dense dot product {@code s[o] = K - 2 * popcount(w_o XOR x)} is a sum over
 * the inputs, so it does not depend on the order in which the input bits are stored, as long as every input bit
 * meets its own weight bit. Here the weight bit of flat (channel-major) input {@code c * H * W + p} is stored where
 * the NHWC map keeps channel {@code c} of pixel {@code p}: bit {@code c % 64} of word {@code p * wpp + c / 64}. The
 * unused high bits of each pixel's last word are 0 in both the map and these weights and never count. A flat input
 * ({@code 1 x 1 x K}) is the case {@code H = W = 1}, the weights' own layout.
 *
 * <p>Three forms of the same bits: {@code transposed[w * outputs + o]} (the auto-vectorised long loop, JDK 20+) and,
 * built on first use, the int rows {@code halfRows[2 * w + half][o]} (the auto-vectorised int loop, JDK 17:
 * {@link PopcountAccumulator#halfRows}) and {@code blocks[b][(2 * w + half) * 64 + j]} = the 32-bit {@code half} of
 * word {@code w} of output {@code 64 * b + j}, 0 past the last output (the Vector API kernel, {@link DenseBlockKernel}).
 */
public final class DenseInputLayout {
    private final int channels;
    private final int height;
    private final int width;
    private final int inputs;
    private final int outputs;
    private final int words;
    private final long[] transposed;
    /** Built on first use; a race builds equal arrays twice, which is harmless. */
    private volatile int[][] blocks;
    private volatile int[][] halfRows;

    DenseInputLayout(PackedDenseWeights weights, int channels, int height, int width) {
        if ((long) channels * height * width != weights.inputs()) {
            throw new IllegalArgumentException("a " + channels + "x" + height + "x" + width + " map is not the "
                    + weights.inputs() + " inputs of the dense layer");
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.inputs = weights.inputs();
        this.outputs = weights.outputs();
        int wpp = PackedBits.wordsFor(channels);
        int plane = height * width;
        this.words = plane * wpp;
        this.transposed = new long[words * outputs];
        for (int o = 0; o < outputs; o++) {
            for (int c = 0; c < channels; c++) {
                for (int p = 0; p < plane; p++) {
                    if (weights.get(c * plane + p, o)) {
                        transposed[(p * wpp + (c >>> 6)) * outputs + o] |= 1L << (c & 63);
                    }
                }
            }
        }
    }

    /** Whether an input of this shape is the one these weights were laid out for. */
    boolean fits(int c, int h, int w) {
        return c == channels && h == height && w == width;
    }

    void checkInput(PackedBits in) {
        if (!fits(in.channels(), in.height(), in.width())) {
            throw new IllegalArgumentException("dense input " + in + " is not the " + channels + "x" + height + "x"
                    + width + " map these weights were laid out for");
        }
    }

    int inputs() {
        return inputs;
    }

    int outputs() {
        return outputs;
    }

    /** Input words per example. */
    int words() {
        return words;
    }

    long[] transposed() {
        return transposed;
    }

    /** The int rows ({@link PopcountAccumulator#halfRows}); not copied. */
    int[][] halfRows() {
        int[][] rows = halfRows;
        if (rows == null) {
            rows = PopcountAccumulator.halfRows(transposed, words, outputs);
            halfRows = rows;
        }
        return rows;
    }

    /** The halves in blocks of {@link DenseBlockKernel#BLOCK} outputs (see the class comment); not copied. */
    int[][] blocks() {
        int[][] b = blocks;
        if (b == null) {
            int block = DenseBlockKernel.BLOCK;
            b = new int[(outputs + block - 1) / block][2 * words * block];
            for (int w = 0; w < words; w++) {
                for (int o = 0; o < outputs; o++) {
                    long v = transposed[w * outputs + o];
                    b[o / block][2 * w * block + o % block] = (int) v;
                    b[o / block][(2 * w + 1) * block + o % block] = (int) (v >>> 32);
                }
            }
            blocks = b;
        }
        return b;
    }
}
