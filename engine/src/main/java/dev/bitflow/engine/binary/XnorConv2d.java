package dev.bitflow.engine.binary;

import dev.bitflow.engine.api.definition.PaddingMode;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;

/**
 * The fast XNOR-popcount convolution, bit-exact with {@link ReferenceXnorConv2d} (same math, same output
 * layout {@code s[(oy * outW + ox) * outChannels + oc]}).
 *
 * <p>Direct convolution on channel-packed NHWC bits, no im2col. Per output pixel an {@code int[outChannels]}
 * accumulator collects {@code popcount(Wt[tap, w][oc] XOR x[tap, w])} over the valid taps with the weights
 * transposed so the out-channel loop is innermost ({@link PopcountAccumulator}; the variant, {@link PopcountLoop},
 * is chosen per JVM). The valid taps of one kernel row are one contiguous run of words in both the input
 * and the weights, so each kernel row is a single accumulate call. Zero padding skips padded
 * taps entirely (their mask is 0) and uses {@code K_eff = validTaps * inChannels}, so
 * {@code s = K_eff - 2 * acc}. ±1 padding adds, for every padded tap, the precomputed popcount against an
 * all-ones (PLUS_ONE: {@code inChannels - ones(tap, oc)}) or all-zeros (MINUS_ONE: {@code ones(tap, oc)})
 * input, with the full {@code K}.
 *
 * <p>With {@link PopcountLoop#VECTOR_INT_BLOCKS} (the default wherever the JVM can run it) the rows go to the
 * Vector API kernel ({@link IntBlockConvKernel}) instead: same math, 128-channel blocks in registers; thresholded 3x3
 * convs with a padding of at most 2 (with or without a pool before the threshold, {@link #paddedMapFor}) run on a
 * padded input map with a per border class bias instead
 * ({@link PaddedConvPlan}, {@link IntBlockConvKernel#paddedRows}), dot products and other kernel sizes on the rows.
 *
 * <p>Threads: output rows are split into {@code threads} contiguous ranges, the first run on the calling
 * thread and the rest on the executor the caller supplies (this class owns no pool). Instances are
 * immutable and may be shared between threads.
 */
public final class XnorConv2d {
    private final int threads;
    private final ExecutorService executor;
    private final PopcountLoop loop;

    /** One thread, the loop chosen for the running JVM. */
    public XnorConv2d() {
        this(1, null, PopcountLoop.forRunningJvm());
    }

    /** {@code threads} threads ({@code executor} may be null only when {@code threads == 1}). */
    public XnorConv2d(int threads, ExecutorService executor) {
        this(threads, executor, PopcountLoop.forRunningJvm());
    }

    public XnorConv2d(int threads, ExecutorService executor, PopcountLoop loop) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        if (threads > 1 && executor == null) {
            throw new IllegalArgumentException("an executor is required for " + threads + " threads");
        }
        if (loop != null && !loop.available()) {
            throw new IllegalArgumentException(loop + " is not available on this JVM: " + PopcountLoop.vectorKernelStatus());
        }
        this.threads = threads;
        this.executor = executor;
        this.loop = loop == null ? PopcountLoop.forRunningJvm() : loop;
    }

    public int threads() {
        return threads;
    }

    public PopcountLoop loop() {
        return loop;
    }

    /** All integer dot products, {@code s[(oy * outW + ox) * outChannels + oc]}. */
    public int[] apply(PackedBits in, PackedConvWeights weights, ConvGeometry g) {
        int[] s = new int[g.outH() * g.outW() * g.outChannels()];
        apply(in, weights, g, s);
        return s;
    }

    /**
     * As {@link #apply(PackedBits, PackedConvWeights, ConvGeometry)}, writing into {@code s} (length
     * {@code outH * outW * outChannels}), so a caller can reuse one buffer across calls.
     */
    public void apply(PackedBits in, PackedConvWeights weights, ConvGeometry g, int[] s) {
        if (s.length != g.outH() * g.outW() * g.outChannels()) {
            throw new IllegalArgumentException("output buffer has " + s.length + " ints, expected "
                    + g.outH() * g.outW() * g.outChannels());
        }
        Job job = new Job(in, weights, g, loop, false);
        RowParallel.run(executor, threads, g.outH(), (from, to) -> job.rows(from, to, s, null, null, null, null));
    }

    /**
     * Conv followed by the BatchShift threshold, never materialising {@code s}: output bit of channel oc is
     * 1 iff {@code s + shift[oc] >= 0}; then channels in {@code constMask} (per output word, may be null) take
     * their bit from {@code constValue}. Equal to {@code ThresholdPacker.pack(apply(...), ...)}.
     */
    public PackedBits applyThreshold(PackedBits in, PackedConvWeights weights, ConvGeometry g, short[] shift,
                                     long[] constMask, long[] constValue) {
        ThresholdPacker.checkParameters(g.outChannels(), shift, constMask, constValue);
        Job job = new Job(in, weights, g, loop, true);
        PackedBits out = PackedBits.zeros(g.outChannels(), g.outH(), g.outW());
        long[] words = out.words();
        if (job.padded()) {
            int[] thresholds = job.thresholds(shift, true);
            RowParallel.run(executor, threads, g.outH(),
                    (from, to) -> job.paddedRows(from, to, words, thresholds, constMask, constValue));
            return out;
        }
        int[] wideShift = job.blockShift(ThresholdPacker.widen(shift));
        RowParallel.run(executor, threads, g.outH(),
                (from, to) -> job.rows(from, to, null, words, wideShift, constMask, constValue));
        return out;
    }

    /**
     * {@link #applyThreshold} followed by {@code pool}, bit for bit. Where {@link #poolsBeforeThreshold} says so, the
     * pool is taken before the threshold, on each window's integer sums, so only the pooled pixels are thresholded and
     * packed ({@link IntBlockConvKernel#pooledRows} has the argument); elsewhere the thresholded bits are pooled.
     */
    public PackedBits applyThresholdPooled(PackedBits in, PackedConvWeights weights, ConvGeometry g, short[] shift,
                                           long[] constMask, long[] constValue, BitMaxPoolLayer pool) {
        return applyThresholdPooled(in, weights, g, shift, constMask, constValue, pool, poolsBeforeThreshold(g, pool));
    }

    /**
     * Whether {@link #applyThresholdPooled} takes {@code pool} before the threshold for a conv of shape {@code g}: with
     * {@link PopcountLoop#VECTOR_INT_BLOCKS}, a pool of 2x2 windows that do not overlap
     * ({@link BitMaxPoolLayer#disjointTwoByTwoOn}), and a conv whose pixels are short to count: at most 32 input
     * channels (one 32-bit half per tap) and at most 64 output channels (one block of four registers). Measured
     * (thread CPU time, JDK 25, 2x2 pool of stride 2, 14x14): 32 to 64 channels about 10% less pooled before the
     * threshold; 32 to 128 channels (two passes of four registers, or one of eight) and more input channels the same or
     * up to 13% more, as the counts dominate there and the threshold and bit pool saved are a small part. (Those figures
     * are for the row kernel; 3x3 convs now run on the padded map, whose pooled pass is the unpooled one plus an OR of
     * four words, and only conv2's shape has been measured there.)
     */
    boolean poolsBeforeThreshold(ConvGeometry g, BitMaxPoolLayer pool) {
        return loop == PopcountLoop.VECTOR_INT_BLOCKS && g.inChannels() <= 32
                && g.outChannels() <= IntBlockConvKernel.HALF_BLOCK
                && pool.disjointTwoByTwoOn(g.outChannels(), g.outH(), g.outW());
    }

    /**
     * {@link #applyThresholdPooled}, the pool before the threshold if {@code beforeThreshold} (tests take it for every
     * shape the kernel can: {@link PopcountLoop#VECTOR_INT_BLOCKS} and a pool that is
     * {@link BitMaxPoolLayer#disjointTwoByTwoOn} the output).
     */
    PackedBits applyThresholdPooled(PackedBits in, PackedConvWeights weights, ConvGeometry g, short[] shift,
                                    long[] constMask, long[] constValue, BitMaxPoolLayer pool,
                                    boolean beforeThreshold) {
        if (!beforeThreshold || loop != PopcountLoop.VECTOR_INT_BLOCKS
                || !pool.disjointTwoByTwoOn(g.outChannels(), g.outH(), g.outW())) {
            return pool.apply(applyThreshold(in, weights, g, shift, constMask, constValue));
        }
        ThresholdPacker.checkParameters(g.outChannels(), shift, constMask, constValue);
        Job job = new Job(in, weights, g, loop, true);
        int pooledH = pool.outSize(g.outH());
        PackedBits out = PackedBits.zeros(g.outChannels(), pooledH, pool.outSize(g.outW()));
        long[] words = out.words();
        if (job.padded()) {
            int[] thresholds = job.thresholds(shift, false);
            RowParallel.run(executor, threads, pooledH, (from, to) -> job.paddedPooledRows(pool.stride(), from, to,
                    words, thresholds, pool.andMask(), constMask, constValue));
            return out;
        }
        int[] wideShift = job.blockShift(ThresholdPacker.widen(shift));
        int[] flip = job.blockFlip(pool);
        RowParallel.run(executor, threads, pooledH,
                (from, to) -> job.pooledRows(pool.stride(), from, to, words, wideShift, flip, constMask, constValue));
        return out;
    }

    /**
     * Whether a thresholded conv of shape {@code g} runs on the Vector API kernel's padded map
     * ({@link PaddedConvPlan}): 3x3 kernels with a padding of at most 2. A larger padding only adds border, windows with
     * no input pixel, and a map that may be mostly border (its size is not bounded by the input's), so it stays on the
     * rows.
     */
    static boolean paddedMapFor(ConvGeometry g) {
        return g.kernel() == 3 && g.pad() < g.kernel();
    }

    /** One call's read-only state. */
    private static final class Job {
        private final long[] x;
        private final long[] wt;
        private final int[][] halfRows;
        private final IntBlockWeights intBlocks;
        private final int[] xHalves;
        /** Thresholded 3x3 convs on the Vector API kernel: the padded input map and its plan, else null. */
        private final int[] xPadded;
        private final PaddedConvPlan plan;
        private final int[][] padBlocks;
        private final IntBlockConvKernel blockKernel;
        private final int[] padPopcount;
        private final ConvGeometry g;
        private final PopcountLoop loop;
        private final int wpt;
        private final int outC;
        private final boolean zeroPad;

        /** {@code thresholded}: the job runs {@link #rows} into bits or {@link #pooledRows}, never dot products. */
        Job(PackedBits in, PackedConvWeights weights, ConvGeometry g, PopcountLoop loop, boolean thresholded) {
            g.checkInput(in);
            weights.checkGeometry(g);
            this.x = in.words();
            this.wt = weights.transposed();
            this.halfRows = loop == PopcountLoop.INT_ROWS_FOUR_HALVES_PER_PASS ? weights.halfRows() : null;
            this.blockKernel = loop == PopcountLoop.VECTOR_INT_BLOCKS ? VectorKernelLookup.kernel().orElseThrow() : null;
            this.plan = blockKernel != null && thresholded && paddedMapFor(g) ? weights.paddedConvPlan(g) : null;
            this.intBlocks = blockKernel == null ? null : plan != null ? weights.intWordBlocks() : weights.intBlocks();
            this.xPadded = plan == null ? null : intBlocks.paddedInputHalves(x, g);
            this.xHalves = blockKernel == null || plan != null ? null : intBlocks.inputHalves(x);
            this.g = g;
            this.loop = loop;
            this.wpt = weights.wordsPerTap();
            this.outC = g.outChannels();
            PaddingMode mode = g.paddingMode();
            this.zeroPad = mode == PaddingMode.ZERO || mode == PaddingMode.VALID;
            if (zeroPad || plan != null) { // the padded map holds the padding value
                this.padPopcount = null;
            } else {
                int[] ones = weights.onesPerTap();
                this.padPopcount = new int[ones.length];
                for (int i = 0; i < ones.length; i++) {
                    // popcount(pad XOR w) over inChannels bits: pad all 1s -> zeros of w; all 0s -> ones of w
                    padPopcount[i] = mode == PaddingMode.PLUS_ONE ? g.inChannels() - ones[i] : ones[i];
                }
            }
            this.padBlocks = blockKernel == null || padPopcount == null ? null
                    : intBlocks.perTapInBlocks(padPopcount, g.kernel() * g.kernel(), outC);
        }

        /** {@code shift} padded to whole blocks; padded channels get {@code -(1 << 30)}, so their bits are 0. */
        int[] blockShift(int[] shift) {
            if (blockKernel == null) {
                return shift;
            }
            int[] padded = new int[intBlocks.widths().length * IntBlockConvKernel.BLOCK];
            Arrays.fill(padded, -(1 << 30));
            System.arraycopy(shift, 0, padded, 0, shift.length);
            return padded;
        }

        /** Per channel of the blocks, -1 where {@code pool} takes the AND, else 0 (and 0 past the last channel). */
        int[] blockFlip(BitMaxPoolLayer pool) {
            int[] flip = new int[intBlocks.widths().length * IntBlockConvKernel.BLOCK];
            for (int c = 0; c < outC; c++) {
                flip[c] = pool.pooledByAnd(c) ? -1 : 0;
            }
            return flip;
        }

        /** Whether the job runs on the padded map ({@link PaddedConvPlan}): thresholded 3x3 convs, Vector API kernel. */
        boolean padded() {
            return plan != null;
        }

        /** {@link PaddedConvPlan#thresholds}; needs {@link #padded}. */
        int[] thresholds(short[] shift, boolean rowsSkipped) {
            return plan.thresholds(shift, rowsSkipped);
        }

        /** {@link IntBlockConvKernel#paddedRows}; needs {@link #padded}. */
        void paddedRows(int from, int to, long[] words, int[] thresholds, long[] constMask, long[] constValue) {
            blockKernel.paddedRows(xPadded, intBlocks, plan, thresholds, from, to, words, constMask, constValue);
        }

        /** {@link IntBlockConvKernel#paddedPooledRows}; needs {@link #padded}. */
        void paddedPooledRows(int poolStride, int from, int to, long[] words, int[] thresholds, long[] andMask,
                              long[] constMask, long[] constValue) {
            blockKernel.paddedPooledRows(xPadded, intBlocks, plan, thresholds, poolStride, from, to, words, andMask,
                    constMask, constValue);
        }

        /** Pooled rows {@code [from, to)} ({@link IntBlockConvKernel#pooledRows}); needs the Vector API kernel. */
        void pooledRows(int poolStride, int from, int to, long[] words, int[] shift, int[] flip, long[] constMask,
                        long[] constValue) {
            blockKernel.pooledRows(xHalves, intBlocks, padBlocks, g, poolStride, from, to, words, shift, flip,
                    constMask, constValue);
        }

        /**
         * Output rows {@code [from, to)}: into {@code s} (dot products) if it is not null, else thresholded
         * into {@code words}. Safe from several threads on disjoint row ranges.
         */
        void rows(int from, int to, int[] s, long[] words, int[] shift, long[] constMask, long[] constValue) {
            if (blockKernel != null) {
                blockKernel.rows(xHalves, intBlocks, padBlocks, g, from, to, s, words, shift, constMask, constValue);
                return;
            }
            rowsStatic(x, wt, halfRows, padPopcount, from, to, g.outW(), g.stride(), g.pad(), g.kernel(), g.inH(),
                    g.inW(), wpt, outC, g.inChannels(), loop, s, words, shift, constMask, constValue);
        }
    }

    /**
     * The row loop, static with every value a parameter: one compilation unit holding the pixel loop, the
     * tap runs and the popcount passes.
     */
    private static void rowsStatic(long[] x, long[] wt, int[][] halfRows, int[] padPopcount, int from, int to,
                                   int outW, int stride, int pad, int k, int inH, int inW, int wpt, int outC,
                                   int inC, PopcountLoop loop, int[] s, long[] words, int[] shift,
                                   long[] constMask, long[] constValue) {
        int[] acc = new int[outC];
        // at most 32 input channels on the int rows: the taps' low halves gathered per pixel (see accumulatePixel)
        int[] tapRows = halfRows != null && inC <= 32 ? new int[k * k] : null;
        int[] tapValues = tapRows == null ? null : new int[k * k];
        ThresholdPacker.PixelScratch scratch = s == null ? ThresholdPacker.pixelScratch(outC) : null;
        int outWords = PackedBits.wordsFor(outC);
        for (int oy = from; oy < to; oy++) {
            for (int ox = 0; ox < outW; ox++) {
                int kEff = accumulatePixel(x, wt, halfRows, padPopcount, acc, oy * stride - pad, ox * stride - pad, k,
                        inH, inW, wpt, outC, inC, loop, tapRows, tapValues);
                if (s != null) {
                    int base = (oy * outW + ox) * outC;
                    for (int m = 0; m < outC; m++) {
                        s[base + m] = kEff - 2 * acc[m];
                    }
                } else {
                    ThresholdPacker.packPixel(acc, kEff, shift, scratch, constMask, constValue, outC, words,
                            (oy * outW + ox) * outWords);
                }
            }
        }
    }

    /**
     * Fills {@code acc} with the masked mismatch popcounts of the output pixel whose window starts at input
     * (y0, x0); returns K_eff. The valid taps of one kernel row are contiguous both in the NHWC input
     * (adjacent pixels) and in the transposed weights (adjacent taps), so each kernel row is one run of
     * {@code validTaps * wpt} words. {@code padPopcount == null} means zero padding; {@code halfRows != null}
     * selects the int-row layout. With {@code tapRows} (int rows, at most 32 input channels: one word per tap whose
     * high half is 0 in input and weights alike) the inside taps' low halves are gathered from all kernel rows and
     * counted four per pass ({@link PopcountAccumulator#accumulateLowHalves}).
     */
    private static int accumulatePixel(long[] x, long[] wt, int[][] halfRows, int[] padPopcount, int[] acc, int y0, int x0, int k,
                                       int inH, int inW, int wpt, int outC, int inC, PopcountLoop loop, int[] tapRows,
                                       int[] tapValues) {
        Arrays.fill(acc, 0);
        int kx0 = Math.max(0, -x0);
        int kx1 = Math.min(k, inW - x0);
        int validTaps = 0;
        for (int ky = 0; ky < k; ky++) {
            int iy = y0 + ky;
            boolean rowInside = iy >= 0 && iy < inH;
            if (rowInside && kx1 > kx0) {
                if (tapRows != null) { // gathered here, counted after the last kernel row
                    for (int kx = kx0; kx < kx1; kx++) {
                        tapRows[validTaps + kx - kx0] = (ky * k + kx) * 2; // low half of the tap's only word
                        tapValues[validTaps + kx - kx0] = (int) x[iy * inW + x0 + kx];
                    }
                } else if (halfRows != null) {
                    PopcountAccumulator.accumulateHalves(x, (iy * inW + x0 + kx0) * wpt, (kx1 - kx0) * wpt, halfRows,
                            (ky * k + kx0) * wpt * 2, outC, acc);
                } else {
                    PopcountAccumulator.accumulate(x, (iy * inW + x0 + kx0) * wpt, (kx1 - kx0) * wpt, wt,
                            (ky * k + kx0) * wpt * outC, outC, acc, loop);
                }
                validTaps += kx1 - kx0;
            }
            if (padPopcount != null) {
                for (int kx = 0; kx < k; kx++) {
                    if (!rowInside || kx < kx0 || kx >= kx1) {
                        PopcountAccumulator.addRow(padPopcount, (ky * k + kx) * outC, outC, acc);
                    }
                }
            }
        }
        if (tapRows != null) {
            PopcountAccumulator.accumulateLowHalves(halfRows, tapRows, tapValues, validTaps, outC, acc);
        }
        return (padPopcount == null ? validTaps : k * k) * inC;
    }
}
