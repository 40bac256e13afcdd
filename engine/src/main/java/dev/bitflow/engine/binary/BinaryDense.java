package dev.bitflow.engine.binary;

import java.util.Arrays;
import java.util.concurrent.ExecutorService;

/**
 * The fast binary dense layer: {@code s[o] = inputs - 2 * sum_w popcount(Wt[w][o] XOR x[w])}, out units
 * innermost over the transposed weights ({@link PopcountAccumulator}, one word per pass: a dense layer
 * reads every weight once, so it is bound by memory, not by popcount); unused high bits are 0 in both
 * operands, so no mask is needed. Threads split the output units into contiguous ranges (each range keeps
 * its own accumulator), on the executor the caller supplies.
 *
 * <p>The thresholded layer on a batch of examples ({@link #applyThreshold(PackedBits[], int, DenseInputLayout,
 * short[], long[], long[], PackedBits[])}) runs the Vector API kernel where it loads; elsewhere each example runs the
 * loop C2 vectorises on the running JVM ({@link PopcountLoop#autoVectorisedForRunningJvm()}): the long words from
 * JDK 20 on, the int rows before (JDK 17 vectorises {@code Integer.bitCount}, not {@code Long.bitCount}).
 */
public final class BinaryDense {
    private static final VectorApiSupport.Loaded<DenseBlockKernel> VECTOR = VectorApiSupport.load(
            java.lang.invoke.MethodHandles.lookup(), "dev.bitflow.engine.binary.VectorIntBlockDense",
            DenseBlockKernel.class, DenseBlockKernel::fast, "Vector API dense kernel", "integer");

    private final int threads;
    private final ExecutorService executor;
    /** The Vector API kernel for several examples at once, or null for the auto-vectorised loop. */
    private final DenseBlockKernel blockKernel;
    /** Whether the auto-vectorised loop on examples reads the int rows (else the long words). */
    private final boolean intRows;

    public BinaryDense() {
        this(1, null);
    }

    /** {@code threads} threads ({@code executor} may be null only when {@code threads == 1}). */
    public BinaryDense(int threads, ExecutorService executor) {
        this(threads, executor, true);
    }

    /** With {@code vectorApi} false, the auto-vectorised loop even where the Vector API kernel runs (tests). */
    public BinaryDense(int threads, ExecutorService executor, boolean vectorApi) {
        this(threads, executor, vectorApi, PopcountLoop.autoVectorisedForRunningJvm());
    }

    /**
     * As {@link #BinaryDense(int, ExecutorService, boolean)}, with {@code autoVectorised} the loop that runs where the
     * Vector API kernel does not: {@link PopcountLoop#INT_ROWS_FOUR_HALVES_PER_PASS} the int rows, any other the long
     * words one per pass (tests).
     */
    BinaryDense(int threads, ExecutorService executor, boolean vectorApi, PopcountLoop autoVectorised) {
        if (threads < 1 || (threads > 1 && executor == null)) {
            throw new IllegalArgumentException("need threads >= 1 and an executor when threads > 1");
        }
        this.threads = threads;
        this.executor = executor;
        this.blockKernel = vectorApi ? VECTOR.kernel() : null;
        this.intRows = autoVectorised == PopcountLoop.INT_ROWS_FOUR_HALVES_PER_PASS;
    }

    /** Whether {@link #applyThreshold(PackedBits[], int, DenseInputLayout, short[], long[], long[], PackedBits[])} runs the Vector API kernel. */
    public boolean usesVectorApi() {
        return blockKernel != null;
    }

    /** Whether the auto-vectorised loop on examples reads the int rows. */
    boolean usesIntRows() {
        return intRows;
    }

    /** One line: whether the Vector API dense kernel is in use on this JVM, and if not, why. */
    public static String vectorKernelStatus() {
        return VECTOR.status();
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

    /**
     * Dense then BatchShift threshold on examples {@code in[0..count)}, each read in the order {@code layout} was
     * made for (a conv's NHWC map in the channel-major order of a flatten, or a {@code 1 x 1 x inputs} vector), into
     * {@code out[0..count)} ({@code 1 x 1 x outputs} maps): bit {@code o} = 1 iff {@code s[o] + shift[o] >= 0}, then
     * the constant outputs ({@link ThresholdPacker}). Several examples at once let the Vector API kernel load each
     * weight once for four of them; elsewhere each example runs the auto-vectorised loop.
     */
    public void applyThreshold(PackedBits[] in, int count, DenseInputLayout layout, short[] shift, long[] constMask,
                               long[] constValue, PackedBits[] out) {
        ThresholdPacker.checkParameters(layout.outputs(), shift, constMask, constValue);
        for (int e = 0; e < count; e++) {
            layout.checkInput(in[e]);
        }
        if (blockKernel == null) {
            for (int e = 0; e < count; e++) {
                out[e] = ThresholdPacker.pack(dotProducts(in[e].words(), layout), 1, 1, layout.outputs(), shift,
                        constMask, constValue);
            }
            return;
        }
        int[][] blocks = layout.blocks();
        int[] wideShift = new int[blocks.length * DenseBlockKernel.BLOCK];
        Arrays.fill(wideShift, -(1 << 30)); // outputs past the last one: bit 0
        System.arraycopy(ThresholdPacker.widen(shift), 0, wideShift, 0, shift.length);
        int[][] halves = new int[count][];
        long[][] words = new long[count][];
        for (int e = 0; e < count; e++) {
            long[] x = in[e].words();
            int[] h = new int[2 * x.length];
            for (int i = 0; i < x.length; i++) {
                h[2 * i] = (int) x[i];
                h[2 * i + 1] = (int) (x[i] >>> 32);
            }
            halves[e] = h;
            words[e] = new long[blocks.length];
        }
        RowParallel.run(executor, threads, blocks.length, (from, to) ->
                blockKernel.thresholds(halves, count, blocks, from, to, layout.inputs(), wideShift, words));
        for (int e = 0; e < count; e++) {
            ThresholdPacker.applyConstants(words[e], 0, words[e].length, constMask, constValue);
            out[e] = PackedBits.wrap(layout.outputs(), 1, 1, words[e]);
        }
    }

    /** The dot products {@code s[o]} of one example's words {@code x} in {@code layout}'s order, on one thread. */
    private int[] dotProducts(long[] x, DenseInputLayout layout) {
        int n = layout.outputs();
        int[] acc = new int[n];
        if (intRows) {
            PopcountAccumulator.accumulateHalves(x, 0, layout.words(), layout.halfRows(), 0, n, acc);
        } else {
            PopcountAccumulator.accumulate(x, 0, layout.words(), layout.transposed(), 0, n, acc,
                    PopcountLoop.ONE_WORD_PER_PASS);
        }
        int[] s = new int[n];
        for (int m = 0; m < n; m++) {
            s[m] = layout.inputs() - 2 * acc[m];
        }
        return s;
    }

    /** Dense then BatchShift threshold (see {@link ThresholdPacker}); a {@code 1 x 1 x outputs} map. */
    public PackedBits applyThreshold(PackedBits in, PackedDenseWeights weights, short[] shift, long[] constMask,
                                     long[] constValue) {
        return ThresholdPacker.pack(apply(in, weights), 1, 1, weights.outputs(), shift, constMask, constValue);
    }
}
