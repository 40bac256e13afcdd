package dev.bitflow.engine.binary;

/**
 * Binary conv weights, packed: {@code outChannels} filters of {@code kernel x kernel} taps, each tap
 * {@code inChannels} bits in {@link #wordsPerTap()} words (bit 1 = +1). Two layouts of the same bits:
 * <ul>
 *   <li>plain (reference kernel): {@code plain[((oc * kernel + ky) * kernel + kx) * wordsPerTap + w]};</li>
 *   <li>transposed (fast kernel, out channel innermost):
 *       {@code transposed[((ky * kernel + kx) * wordsPerTap + w) * outChannels + oc]}.</li>
 * </ul>
 * Unused high bits of the last word of a tap are 0 in both. A third copy splits the transposed words into
 * 32-bit halves with one {@code int[]} per row, for JDK 17 ({@link PopcountLoop#INT_ROWS_FOUR_HALVES_PER_PASS}); a fourth,
 * built on first use, groups the halves in blocks of out channels for the Vector API kernel
 * ({@link #intBlocks()}, {@link IntBlockWeights}; {@link #intWordBlocks()} in blocks of 64 for its padded 3x3 convs,
 * with the last {@link PaddedConvPlan}). Also kept: {@code onesPerTap[(ky * kernel + kx) * outChannels + oc]}, the
 * number of +1 weights of that tap, which the ±1 padding modes and the zero padding correction need.
 *
 * <p>Per-channel negation: BatchShift fusion turns a gamma < 0 channel into a gamma > 0 one by negating
 * that filter (all its weights), so that its dot product becomes {@code -s}; see {@link #negated}.
 */
public final class PackedConvWeights {
    private final int outChannels;
    private final int inChannels;
    private final int kernel;
    private final int wordsPerTap;
    private final long[] plain;
    private final long[] transposed;
    private final int[] onesPerTap;
    private final int[][] halfRows;
    /** Built on first use; a race builds equal arrays twice, which is harmless. */
    private volatile IntBlockWeights intBlocks;
    /** {@link #intWordBlocks()}, built on first use like {@link #intBlocks}. */
    private volatile IntBlockWeights intWordBlocks;
    /** The last plan built ({@link #paddedConvPlan}); a race builds equal plans twice, which is harmless. */
    private volatile PaddedConvPlan paddedConvPlan;

    private PackedConvWeights(int outChannels, int inChannels, int kernel, long[] plain) {
        this.outChannels = outChannels;
        this.inChannels = inChannels;
        this.kernel = kernel;
        this.wordsPerTap = PackedBits.wordsFor(inChannels);
        this.plain = plain;
        int taps = kernel * kernel;
        this.transposed = new long[plain.length];
        this.onesPerTap = new int[taps * outChannels];
        for (int oc = 0; oc < outChannels; oc++) {
            for (int t = 0; t < taps; t++) {
                int ones = 0;
                for (int w = 0; w < wordsPerTap; w++) {
                    long v = plain[(oc * taps + t) * wordsPerTap + w];
                    transposed[(t * wordsPerTap + w) * outChannels + oc] = v;
                    ones += Long.bitCount(v);
                }
                onesPerTap[t * outChannels + oc] = ones;
            }
        }
        this.halfRows = PopcountAccumulator.halfRows(transposed, taps * wordsPerTap, outChannels);
    }

    /**
     * Packs float latent weights laid out {@code [out, in, kh, kw]} (row-major, as ND4J's conv2d OIHW) by
     * sign: {@code w >= 0} gives +1. If {@code flip} is not null, filter {@code oc} is negated where
     * {@code flip[oc]} (the weight packs as +1 iff {@code w < 0}; a zero weight negates to -1).
     */
    public static PackedConvWeights fromLatent(float[] weights, int outChannels, int inChannels, int kernel,
                                               boolean[] flip) {
        checkShape(outChannels, inChannels, kernel);
        int taps = kernel * kernel;
        if (weights.length != outChannels * inChannels * taps) {
            throw new IllegalArgumentException("expected " + outChannels * inChannels * taps + " weights [out, in, kh, kw], got "
                    + weights.length);
        }
        if (flip != null && flip.length != outChannels) {
            throw new IllegalArgumentException("flip has " + flip.length + " entries, expected " + outChannels);
        }
        int wpt = PackedBits.wordsFor(inChannels);
        long[] plain = new long[outChannels * taps * wpt];
        for (int oc = 0; oc < outChannels; oc++) {
            boolean neg = flip != null && flip[oc];
            for (int ic = 0; ic < inChannels; ic++) {
                for (int t = 0; t < taps; t++) {
                    boolean plus = weights[(oc * inChannels + ic) * taps + t] >= 0f;
                    if (plus != neg) {
                        plain[(oc * taps + t) * wpt + (ic >>> 6)] |= 1L << (ic & 63);
                    }
                }
            }
        }
        return new PackedConvWeights(outChannels, inChannels, kernel, plain);
    }

    /**
     * Wraps already-packed bits in the plain layout (copied), as a fused model file stores them. Throws if
     * the length is wrong or an unused high bit is set.
     */
    public static PackedConvWeights fromPlainBits(long[] plain, int outChannels, int inChannels, int kernel) {
        checkShape(outChannels, inChannels, kernel);
        int wpt = PackedBits.wordsFor(inChannels);
        if (plain.length != outChannels * kernel * kernel * wpt) {
            throw new IllegalArgumentException("expected " + outChannels * kernel * kernel * wpt + " packed words, got "
                    + plain.length);
        }
        int dirty = PackedBits.firstWordWithUnusedBits(plain, inChannels);
        if (dirty >= 0) {
            throw new IllegalArgumentException("unused high bits set in packed weight word " + dirty);
        }
        return new PackedConvWeights(outChannels, inChannels, kernel, plain.clone());
    }

    /** A copy with every filter {@code oc} where {@code flip[oc]} negated (all bits inverted, tail bits kept 0). */
    public PackedConvWeights negated(boolean[] flip) {
        if (flip.length != outChannels) {
            throw new IllegalArgumentException("flip has " + flip.length + " entries, expected " + outChannels);
        }
        return new PackedConvWeights(outChannels, inChannels, kernel, PackedBits.negatedRows(plain, inChannels, flip));
    }

    /** True if weight (oc, ic, ky, kx) is +1. */
    public boolean get(int oc, int ic, int ky, int kx) {
        if (oc < 0 || oc >= outChannels || ic < 0 || ic >= inChannels || ky < 0 || ky >= kernel || kx < 0 || kx >= kernel) {
            throw new IndexOutOfBoundsException("weight (" + oc + ", " + ic + ", " + ky + ", " + kx + ")");
        }
        return ((plain[((oc * kernel + ky) * kernel + kx) * wordsPerTap + (ic >>> 6)] >>> (ic & 63)) & 1L) != 0;
    }

    /** The weights as ±1 floats, {@code [out, in, kh, kw]}. */
    public float[] toPlusMinusOne() {
        float[] out = new float[outChannels * inChannels * kernel * kernel];
        for (int oc = 0; oc < outChannels; oc++) {
            for (int ic = 0; ic < inChannels; ic++) {
                for (int ky = 0; ky < kernel; ky++) {
                    for (int kx = 0; kx < kernel; kx++) {
                        out[((oc * inChannels + ic) * kernel + ky) * kernel + kx] = get(oc, ic, ky, kx) ? 1f : -1f;
                    }
                }
            }
        }
        return out;
    }

    /** The plain layout (a copy), as a fused model file stores it. */
    public long[] plainBits() {
        return plain.clone();
    }

    /** Plain layout, not copied; for the kernels of this package. */
    long[] plain() {
        return plain;
    }

    /** Transposed layout, not copied; for the kernels of this package. */
    long[] transposed() {
        return transposed;
    }

    /**
     * The transposed layout split into 32-bit halves, one array per row: row {@code ((ky * kernel + kx) *
     * wordsPerTap + w) * 2 + half} holds, for every out channel, bits {@code 32 * half .. 32 * half + 31} of
     * that tap's word {@code w}. Not copied; for the kernels of this package.
     */
    int[][] halfRows() {
        return halfRows;
    }

    /**
     * The halves in blocks of out channels for the Vector API kernel ({@link IntBlockWeights}). Built on first use, not
     * copied; for the kernels of this package.
     */
    IntBlockWeights intBlocks() {
        IntBlockWeights blocks = intBlocks;
        if (blocks == null) {
            blocks = intBlocks(IntBlockWeights.widths(outChannels));
            intBlocks = blocks;
        }
        return blocks;
    }

    /**
     * The halves in blocks of 64 out channels (one output word each) for the Vector API kernel's padded 3x3 convs
     * ({@link IntBlockConvKernel#paddedRows}): a tap's weights for a block are a constant 64 ints apart. Built on first
     * use, not copied; for the kernels of this package.
     */
    IntBlockWeights intWordBlocks() {
        IntBlockWeights blocks = intWordBlocks;
        if (blocks == null) {
            int[] widths = new int[PackedBits.wordsFor(outChannels)];
            java.util.Arrays.fill(widths, IntBlockConvKernel.HALF_BLOCK);
            blocks = intBlocks(widths);
            intWordBlocks = blocks;
        }
        return blocks;
    }

    /** The halves in blocks of {@code widths} channels, all 128 but the last or all 64. */
    private IntBlockWeights intBlocks(int[] widths) {
        int halves = IntBlockWeights.halvesPerWord(inChannels);
        int rows = kernel * kernel * wordsPerTap;
        int[][] b = new int[widths.length][];
        for (int i = 0; i < widths.length; i++) {
            b[i] = new int[rows * halves * widths[i]];
        }
        int first = widths[0];
        for (int r = 0; r < rows; r++) {
            for (int half = 0; half < halves; half++) {
                int[] source = halfRows[2 * r + half];
                for (int oc = 0; oc < outChannels; oc++) {
                    int i = oc / first;
                    b[i][(r * halves + half) * widths[i] + oc % first] = source[oc];
                }
            }
        }
        return new IntBlockWeights(b, widths, halves);
    }

    /**
     * The Vector API kernel's {@link PaddedConvPlan} of these weights for {@code g}, with the biases of
     * {@link #intWordBlocks()}'s channels. The last one is kept, so a layer run image after image builds it once. Not
     * copied; for the kernels of this package.
     */
    PaddedConvPlan paddedConvPlan(ConvGeometry g) {
        PaddedConvPlan plan = paddedConvPlan;
        if (plan == null || !plan.geometry().equals(g)) {
            checkGeometry(g);
            plan = PaddedConvPlan.of(this, g, intWordBlocks().widths().length * IntBlockConvKernel.HALF_BLOCK);
            paddedConvPlan = plan;
        }
        return plan;
    }

    /** +1 weights per (tap, out channel), index {@code tap * outChannels + oc}; not copied. */
    int[] onesPerTap() {
        return onesPerTap;
    }

    public int outChannels() {
        return outChannels;
    }

    public int inChannels() {
        return inChannels;
    }

    public int kernel() {
        return kernel;
    }

    public int wordsPerTap() {
        return wordsPerTap;
    }

    /** Throws if these weights do not fit {@code g}. */
    public void checkGeometry(ConvGeometry g) {
        if (g.inChannels() != inChannels || g.outChannels() != outChannels || g.kernel() != kernel) {
            throw new IllegalArgumentException("weights " + outChannels + "x" + inChannels + "x" + kernel + "x" + kernel
                    + " do not match geometry " + g);
        }
    }

    private static void checkShape(int outChannels, int inChannels, int kernel) {
        if (outChannels < 1 || inChannels < 1 || kernel < 1) {
            throw new IllegalArgumentException("weight shape must be positive: " + outChannels + "x" + inChannels + "x" + kernel);
        }
    }
}
