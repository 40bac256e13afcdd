package dev.bitflow.engine.binary;

import java.util.concurrent.ExecutorService;

/**
 * The fast binary dense layer: {@code s[o] = inputs - 2 * sum_w popcount(Wt[w][o] XOR x[w])}, out units
 * innermost over the transposed weights ({@link PopcountAccumulator}, one word per pass: a dense layer
 * reads every weight once, so it is bound by memory, not by popcount); unused high bits are 0 in both
 * operands, so no mask is needed. Threads split the output units into contiguous ranges (each range keeps
 * its own accumulator), on the executor the caller supplies.
 */
public final class BinaryDense {
    private final int threads;
    private final ExecutorService executor;

    public BinaryDense() {
        this(1, null);
    }

    /** {@code threads} threads ({@code executor} may be null only when {@code threads == 1}). */
    public BinaryDense(int threads, ExecutorService executor) {
        if (threads < 1 || (threads > 1 && executor == null)) {
            throw new IllegalArgumentException("need threads >= 1 and an executor when threads > 1");
        }
        this.threads = threads;
        this.executor = executor;
    }

    /** The dot products {@code s[o]}. */
    public int[] apply(PackedBits in, PackedDenseWeights weights) {
        weights.checkInput(in);
        int[] s = new int[weights.outputs()];
        long[] x = in.words();
        long[] wt = weights.transposed();
        int n = weights.outputs();
        int words = weights.wordsPerOutput();
        int k = weights.inputs();
        // Split over output units: each range reads its own slice [from, to) of every transposed row.
        RowParallel.run(executor, threads, n, (from, to) -> {
            int len = to - from;
            int[] acc = new int[len];
            for (int w = 0; w < words; w++) {
                PopcountAccumulator.accumulate(x, w, 1, wt, w * n + from, len, acc, PopcountLoop.ONE_WORD_PER_PASS);
            }
            for (int m = 0; m < len; m++) {
                s[from + m] = k - 2 * acc[m];
            }
        });
        return s;
    }

    /** Dense then BatchShift threshold (see {@link ThresholdPacker}); a {@code 1 x 1 x outputs} map. */
    public PackedBits applyThreshold(PackedBits in, PackedDenseWeights weights, short[] shift, long[] constMask,
                                     long[] constValue) {
        return ThresholdPacker.pack(apply(in, weights), 1, 1, weights.outputs(), shift, constMask, constValue);
    }
}
