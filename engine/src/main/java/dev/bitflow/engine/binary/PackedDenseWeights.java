package dev.bitflow.engine.binary;

/**
 * Binary dense weights, packed per output: output {@code o} has {@code inputs} bits in
 * {@link #wordsPerOutput()} words (bit 1 = +1, input {@code i} is bit {@code i % 64} of word {@code i / 64}).
 * Plain layout (reference, model files): {@code plain[o * wordsPerOutput + w]}; transposed (fast):
 * {@code transposed[w * outputs + o]}. Unused high bits are 0.
 */
public final class PackedDenseWeights {
    private final int inputs;
    private final int outputs;
    private final int wordsPerOutput;
    private final long[] plain;
    private final long[] transposed;
    /** The last layout made for an input shape ({@link #layoutFor}); a race builds equal layouts, which is harmless. */
    private volatile DenseInputLayout layout;

    private PackedDenseWeights(int inputs, int outputs, long[] plain) {
        this.inputs = inputs;
        this.outputs = outputs;
        this.wordsPerOutput = PackedBits.wordsFor(inputs);
        this.plain = plain;
        this.transposed = new long[plain.length];
        for (int o = 0; o < outputs; o++) {
            for (int w = 0; w < wordsPerOutput; w++) {
                transposed[w * outputs + o] = plain[o * wordsPerOutput + w];
            }
        }
    }

    /**
     * Packs float latent weights laid out {@code [in, out]} (as {@code DenseSpec} and ND4J's mmul
     * {@code x[1, in] * W[in, out]}) by sign, {@code w >= 0} gives +1; outputs with {@code flip[o]} negated
     * ({@code flip} may be null).
     */
    public static PackedDenseWeights fromLatent(float[] weights, int inputs, int outputs, boolean[] flip) {
        if (inputs < 1 || outputs < 1 || weights.length != inputs * outputs) {
            throw new IllegalArgumentException("expected " + inputs + "x" + outputs + " weights [in, out], got " + weights.length);
        }
        if (flip != null && flip.length != outputs) {
            throw new IllegalArgumentException("flip has " + flip.length + " entries, expected " + outputs);
        }
        int wpo = PackedBits.wordsFor(inputs);
        long[] plain = new long[outputs * wpo];
        for (int i = 0; i < inputs; i++) {
            for (int o = 0; o < outputs; o++) {
                boolean plus = weights[i * outputs + o] >= 0f;
                boolean neg = flip != null && flip[o];
                if (plus != neg) {
                    plain[o * wpo + (i >>> 6)] |= 1L << (i & 63);
                }
            }
        }
        return new PackedDenseWeights(inputs, outputs, plain);
    }

    /** Wraps already-packed bits in the plain layout (copied); throws on a wrong length or set tail bits. */
    public static PackedDenseWeights fromPlainBits(long[] plain, int inputs, int outputs) {
        int wpo = PackedBits.wordsFor(inputs);
        if (inputs < 1 || outputs < 1 || plain.length != outputs * wpo) {
            throw new IllegalArgumentException("expected " + outputs * wpo + " packed words, got " + plain.length);
        }
        int dirty = PackedBits.firstWordWithUnusedBits(plain, inputs);
        if (dirty >= 0) {
            throw new IllegalArgumentException("unused high bits set in packed weight word " + dirty);
        }
        return new PackedDenseWeights(inputs, outputs, plain.clone());
    }

    /** A copy with the outputs {@code o} where {@code flip[o]} negated. */
    public PackedDenseWeights negated(boolean[] flip) {
        if (flip.length != outputs) {
            throw new IllegalArgumentException("flip has " + flip.length + " entries, expected " + outputs);
        }
        return new PackedDenseWeights(inputs, outputs, PackedBits.negatedRows(plain, inputs, flip));
    }

    /** True if the weight from input {@code i} to output {@code o} is +1. */
    public boolean get(int i, int o) {
        if (i < 0 || i >= inputs || o < 0 || o >= outputs) {
            throw new IndexOutOfBoundsException("weight (" + i + ", " + o + ")");
        }
        return ((plain[o * wordsPerOutput + (i >>> 6)] >>> (i & 63)) & 1L) != 0;
    }

    /** The weights as ±1 floats, {@code [in, out]}. */
    public float[] toPlusMinusOne() {
        float[] out = new float[inputs * outputs];
        for (int i = 0; i < inputs; i++) {
            for (int o = 0; o < outputs; o++) {
                out[i * outputs + o] = get(i, o) ? 1f : -1f;
            }
        }
        return out;
    }

    /**
     * These weights laid out for a {@code channels x height x width} input map read in channel-major order (the
     * definition's flatten), or for the flat vector ({@code inputs x 1 x 1}): {@link DenseInputLayout}. Built once per
     * shape and kept.
     */
    public DenseInputLayout layoutFor(int channels, int height, int width) {
        DenseInputLayout l = layout;
        if (l == null || !l.fits(channels, height, width)) {
            l = new DenseInputLayout(this, channels, height, width);
            layout = l;
        }
        return l;
    }

    public long[] plainBits() {
        return plain.clone();
    }

    long[] plain() {
        return plain;
    }

    long[] transposed() {
        return transposed;
    }

    public int inputs() {
        return inputs;
    }

    public int outputs() {
        return outputs;
    }

    public int wordsPerOutput() {
        return wordsPerOutput;
    }

    void checkInput(PackedBits in) {
        if (in.height() != 1 || in.width() != 1 || in.channels() != inputs) {
            throw new IllegalArgumentException("dense input " + in + " is not a 1x1x" + inputs + " vector");
        }
    }
}
