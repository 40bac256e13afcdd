package dev.bitflow.engine.binary;

/**
 * A binary dense kernel on several examples at once that keeps the counts of {@link #BLOCK} outputs of four examples
 * in vector registers, so each weight vector loaded from memory serves four examples (a dense layer reads every
 * weight once per example: fc1 of fashion-bcnn holds 200 KB of bits, more than the L1 cache). Its one
 * implementation, {@code VectorIntBlockDense}, uses the JDK Vector API and lives in {@code src/main/java-vector}
 * (decision 0098); {@link BinaryDense} loads it by name where the JVM can run it.
 */
interface DenseBlockKernel {
    /** Outputs per block: four 512-bit vectors of 16 ints. */
    int BLOCK = 64;
    /** Examples per pass. */
    int EXAMPLES = 4;

    /** Whether this CPU runs the kernel fast (512-bit integer vectors preferred by the JVM). */
    boolean fast();

    /**
     * For examples {@code 0..count)}, given as their input words' 32-bit halves ({@code x[e]}, low half first, two
     * per input word), and output blocks {@code [fromBlock, toBlock)} of {@code blocks}
     * ({@link DenseInputLayout#blocks()}): output bit {@code o} of example {@code e} = 1 iff
     * {@code inputs - 2 * mismatches + shift[o] >= 0}, into word {@code o / 64} of {@code out[e]} (one word per block;
     * {@code shift} has {@code blocks * 64} entries, those past the last output at most {@code -(1 << 30)}).
     * Constant outputs are the caller's.
     */
    void thresholds(int[][] x, int count, int[][] blocks, int fromBlock, int toBlock, int inputs, int[] shift,
                    long[][] out);
}
