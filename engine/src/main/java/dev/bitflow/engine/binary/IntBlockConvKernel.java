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
}
