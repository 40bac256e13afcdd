package dev.bitflow.engine.binary;

/**
 * A conv kernel that walks the out channels in blocks of {@link #BLOCK} and keeps a whole block's counts in
 * vector registers: {@link PopcountLoop#VECTOR_INT_BLOCKS}. Its one implementation,
 * {@code VectorIntBlockConv}, uses the JDK Vector API ({@code jdk.incubator.vector}, JDK 21+) and lives in
 * {@code src/main/java-vector}, compiled by a separate javac run (engine/pom.xml) because this module
 * compiles for Java 17; {@link VectorKernelLookup} loads it when the running JVM can run it.
 *
 * <p>Weights come as {@link IntBlockWeights} (blocks of 128 channels, the last one possibly 64; one or two 32-bit
 * halves per word), the input as its words' halves in the same form ({@link IntBlockWeights#inputHalves}).
 */
interface IntBlockConvKernel {
    /** Out channels per block: eight 512-bit vectors of 16 ints. */
    int BLOCK = 128;
    /** Out channels of a half block (four vectors), used for a last block of at most 64 channels. */
    int HALF_BLOCK = 64;

    /** Whether this CPU runs the kernel fast (512-bit integer vectors preferred by the JVM). */
    boolean fast();

    /**
     * Output rows {@code [from, to)} of the conv with geometry {@code g}, all channel blocks, on the input halves
     * {@code x} ({@code halvesPerWord} ints per input word): dot products {@code K_eff - 2 * mismatches} into
     * {@code s} (layout {@code [(oy * outW + ox) * outC + oc]}) when it is not null, else the thresholded bits into
     * {@code words} (one pixel's {@code ceil(outC / 64)} words each): bit 1 iff {@code s + shift[oc] >= 0}, where
     * {@code shift} has {@code blocks * 128} entries and every entry past the last channel is at most
     * {@code -(1 << 30)} so that tail bits stay 0; then the constant channels ({@code constMask}/{@code constValue}
     * per output word, may be null). {@code padBlocks} (null for zero padding) holds per block
     * {@code [tap * width + j]} the popcount of a padded tap against filter {@code 128 * b + j}; with it
     * {@code K_eff} is the full {@code k * k * inC}.
     */
    void rows(int[] x, IntBlockWeights weights, int[][] padBlocks, ConvGeometry g, int from, int to, int[] s,
              long[] words, int[] shift, long[] constMask, long[] constValue);

    /**
     * As {@link #rows} into bits, with a 2x2 max pool of stride {@code poolStride >= 2} on the bits taken before the
     * threshold (used where that is faster, see {@link XnorConv2d#poolsBeforeThreshold}): pooled rows
     * {@code [from, to)} of the pooled map, {@code (outH - 2) / poolStride + 1} by {@code (outW - 2) / poolStride + 1}
     * pixels of {@code ceil(outC / 64)} words each in {@code words}.
     *
     * <p>A pixel's bit is {@code d >= 0} for the int {@code d = s + shift}: it does not decrease with {@code d}, so the
     * OR of a window's bits is the bit of its largest {@code d} and the AND the bit of its smallest. {@code flip} (as
     * long as {@code shift}, 0 past the last channel) is -1 for the channels pooled by AND and 0 for the others; per
     * channel the kernel keeps the largest {@code e = d XOR flip} of the window. {@code ~d = -d - 1} reverses the order
     * of ints, so for an AND channel {@code ~max(~d) = min(d)}: the pooled bit is {@code max(e) XOR flip >= 0}, then
     * the constant channels. Integers only (no value comes near overflow), so bit for bit the unpooled bits put through
     * the bit pool, whatever the shifts and the {@code K_eff} of each window pixel (border pixels of a zero-padded conv
     * count fewer taps).
     */
    void pooledRows(int[] x, IntBlockWeights weights, int[][] padBlocks, ConvGeometry g, int poolStride, int from,
                    int to, long[] words, int[] shift, int[] flip, long[] constMask, long[] constValue);

    /**
     * As {@link #rows} into bits, for a conv whose input is the padded map {@code x}
     * ({@link IntBlockWeights#paddedInputHalves}, every tap inside it) with pixels, tap offsets and border classes in
     * {@code plan}: bit 1 iff {@code acc <= thresholds[class * plan.channels() + oc]}, where {@code acc} counts the
     * kernel rows of {@link PaddedConvPlan#rowTaps} and {@code thresholds = plan.thresholds(shift, true)}
     * ({@link PaddedConvPlan} has the argument that this is {@code s + shift >= 0}).
     */
    void paddedRows(int[] x, IntBlockWeights weights, PaddedConvPlan plan, int[] thresholds, int from, int to,
                    long[] words, long[] constMask, long[] constValue);

    /**
     * As {@link #pooledRows}, on the padded map of {@link #paddedRows}, every pixel counting all taps
     * ({@code thresholds = plan.thresholds(shift, false)}): each window pixel's 64 bits of a pass, then the window's
     * OR, or AND for the channels in {@code andMask} (per output word, may be null), then the constant channels.
     */
    void paddedPooledRows(int[] x, IntBlockWeights weights, PaddedConvPlan plan, int[] thresholds, int poolStride,
                          int from, int to, long[] words, long[] andMask, long[] constMask, long[] constValue);
}
