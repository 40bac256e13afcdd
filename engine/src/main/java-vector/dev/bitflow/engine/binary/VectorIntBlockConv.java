package dev.bitflow.engine.binary;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

import static jdk.incubator.vector.VectorOperators.BIT_COUNT;
import static jdk.incubator.vector.VectorOperators.GE;
import static jdk.incubator.vector.VectorOperators.LE;
import static jdk.incubator.vector.VectorOperators.XOR;

/**
 * The XNOR-popcount conv on the JDK Vector API: {@link PopcountLoop#VECTOR_INT_BLOCKS}. Compiled for Java 21
 * with {@code --add-modules jdk.incubator.vector} by its own javac run (engine/pom.xml); loaded by
 * {@link VectorKernelLookup}. Bit-exact with {@link ReferenceXnorConv2d} (XnorConv2dTest on JDK 25).
 *
 * <p>Same math as the auto-vectorised loops ({@code s = K_eff - 2 * popcount((a XOR w) & valid)}, see
 * {@link XnorConv2d}), with three differences that make it faster on AVX-512:
 * <ul>
 *   <li>32-bit halves and {@code vpopcntd}: a 16-lane popcount needs no narrowing, where C2's vectorised
 *       {@code Long.bitCount} narrows every 8-lane result to int before adding;</li>
 *   <li>the 128 counts of a block live in eight registers over all taps of a pixel, not in an accumulator
 *       array loaded and stored on every pass;</li>
 *   <li>blocks are the outer loop, so one block's weights (a 3x3x256 filter bank: 36 KB) stay in the L1
 *       cache for every pixel of the rows.</li>
 * </ul>
 * The threshold is a vector compare whose lane mask is the output bits: 16 channels per compare, no
 * packing pass. Nothing is counted that is known to be 0: with at most 32 input channels only the low half of each
 * word, and a last block of at most 64 channels runs as a half block in four registers ({@link IntBlockWeights}).
 * {@link #pooledRows} takes a 2x2 max pool before the threshold: per channel the window's extreme sum in registers,
 * one compare per pooled pixel.
 *
 * <p>Thresholded 3x3 convs (fashion-bcnn's conv2 and conv3) take {@link #paddedRows} and {@link #paddedPooledRows}
 * instead: the input in a map with the padding value in its border ({@link IntBlockWeights#paddedInputHalves}), so
 * every tap of every pixel is at a fixed offset from its window corner and the tap loop has no border test, no padding
 * branch and one trip count; zero padding is corrected exactly by a per border class bias ({@link PaddedConvPlan}).
 * Four pixels per pass (a 2x2 pool window when pooled, else four consecutive pixels of a run of rows) times 64
 * channels (one output word; the weights in 64-channel blocks, {@link PackedConvWeights#intWordBlocks}), so each weight
 * vector loaded is counted against four pixels; the kernel rows outside the input are not counted where a run of rows
 * shares them ({@link PaddedConvPlan#rowTaps}). The threshold is one compare of the count with a per class and channel
 * threshold ({@link PaddedConvPlan#thresholds}); a pool ORs (or ANDs) the four pixels' 64-bit words.
 */
final class VectorIntBlockConv implements IntBlockConvKernel {
    private static final VectorSpecies<Integer> S = IntVector.SPECIES_512;

    @Override
    public boolean fast() {
        return IntVector.SPECIES_PREFERRED.vectorBitSize() >= 512;
    }

    @Override
    public void rows(int[] x, IntBlockWeights weights, int[][] padBlocks, ConvGeometry g, int from, int to, int[] s,
                     long[] words, int[] shift, long[] constMask, long[] constValue) {
        int[] acc = new int[BLOCK];
        int[][] blocks = weights.blocks();
        int halves = weights.halvesPerWord();
        for (int b = 0; b < blocks.length; b++) {
            int[] pk = padBlocks == null ? null : padBlocks[b];
            for (int oy = from; oy < to; oy++) {
                if (weights.widths()[b] == BLOCK) {
                    row(acc, x, halves, blocks[b], pk, b, oy, g.outW(), g.outChannels(), g.kernel(), g.stride(),
                            g.pad(), g.inH(), g.inW(), g.inChannels(), s, words, shift, constMask, constValue);
                } else {
                    halfBlockRow(acc, x, halves, blocks[b], pk, b, oy, g.outW(), g.outChannels(), g.kernel(),
                            g.stride(), g.pad(), g.inH(), g.inW(), g.inChannels(), s, words, shift, constMask,
                            constValue);
                }
            }
        }
    }

    @Override
    public void pooledRows(int[] x, IntBlockWeights weights, int[][] padBlocks, ConvGeometry g, int poolStride,
                           int from, int to, long[] words, int[] shift, int[] flip, long[] constMask,
                           long[] constValue) {
        int[][] blocks = weights.blocks();
        int halves = weights.halvesPerWord();
        int pooledW = (g.outW() - 2) / poolStride + 1;
        for (int b = 0; b < blocks.length; b++) {
            int[] pk = padBlocks == null ? null : padBlocks[b];
            for (int py = from; py < to; py++) {
                int width = weights.widths()[b];
                for (int lane0 = 0; lane0 < width && b * BLOCK + lane0 < g.outChannels(); lane0 += HALF_BLOCK) {
                    pooledRow(x, halves, blocks[b], width, lane0, pk, b, py, poolStride, pooledW, g, words, shift,
                            flip, constMask, constValue);
                }
            }
        }
    }

    @Override
    public void paddedRows(int[] x, IntBlockWeights weights, PaddedConvPlan plan, int[] thresholds, int from, int to,
                           long[] words, long[] constMask, long[] constValue) {
        int[][] blocks = weights.blocks();
        ConvGeometry g = plan.geometry();
        int[] rowTaps = plan.rowTaps();
        for (int b = 0; b < blocks.length; b++) {
            int oy = from;
            while (oy < to) { // runs of rows that count the same kernel rows
                int run = oy + 1;
                while (run < to && rowTaps[2 * run] == rowTaps[2 * oy] && rowTaps[2 * run + 1] == rowTaps[2 * oy + 1]) {
                    run++;
                }
                quadPixels(x, blocks[b], b * HALF_BLOCK, plan, rowTaps[2 * oy], rowTaps[2 * oy + 1], oy * g.outW(),
                        run * g.outW(), thresholds, words, constMask, constValue);
                oy = run;
            }
        }
    }

    @Override
    public void paddedPooledRows(int[] x, IntBlockWeights weights, PaddedConvPlan plan, int[] thresholds,
                                 int poolStride, int from, int to, long[] words, long[] andMask, long[] constMask,
                                 long[] constValue) {
        int[][] blocks = weights.blocks();
        int pooledW = (plan.geometry().outW() - 2) / poolStride + 1;
        for (int b = 0; b < blocks.length; b++) {
            long and = andMask == null ? 0L : andMask[b];
            for (int py = from; py < to; py++) {
                pooledWindows(x, blocks[b], b * HALF_BLOCK, plan, py, poolStride, pooledW, thresholds, and, words,
                        constMask, constValue);
            }
        }
    }

    /**
     * Output pixels {@code [first, end)} (row-major) of one run of rows, 64 channels from {@code c0} (one output word),
     * four pixels per pass (a last pass of fewer repeats the last pixel, writing its word again): tap halves
     * {@code [tapFrom, tapTo)} at {@code tapOffset} from each pixel's corner on the padded map, every weight vector
     * loaded counted against the four pixels; 16 registers of counts ({@code ajv}: pixel {@code j}, channels
     * {@code 16 v..}), one of weights, four of broadcast input halves. No border test, no padding branch, one trip
     * count. Bit 1 iff {@code acc <= thresholds[pixelBias + c]} ({@link PaddedConvPlan#thresholds}): one compare per 16
     * channels, whose lane mask is the 16 bits.
     */
    private static void quadPixels(int[] x, int[] wk, int c0, PaddedConvPlan plan, int tapFrom, int tapTo,
                                   int first, int end, int[] thresholds, long[] words, long[] constMask,
                                   long[] constValue) {
        int[] tapOffset = plan.tapOffset();
        int[] corner = plan.corner();
        int[] pixelBias = plan.pixelBias();
        int outWords = plan.geometry().outWords();
        int w = c0 / 64;
        for (int p = first; p < end; p += 4) {
            int p1 = Math.min(p + 1, end - 1);
            int p2 = Math.min(p + 2, end - 1);
            int p3 = Math.min(p + 3, end - 1);
            int x0 = corner[p];
            int x1 = corner[p1];
            int x2 = corner[p2];
            int x3 = corner[p3];
            int t0 = pixelBias[p] + c0;
            int t1 = pixelBias[p1] + c0;
            int t2 = pixelBias[p2] + c0;
            int t3 = pixelBias[p3] + c0;
            IntVector a00 = IntVector.zero(S);
            IntVector a01 = a00;
            IntVector a02 = a00;
            IntVector a03 = a00;
            IntVector a10 = a00;
            IntVector a11 = a00;
            IntVector a12 = a00;
            IntVector a13 = a00;
            IntVector a20 = a00;
            IntVector a21 = a00;
            IntVector a22 = a00;
            IntVector a23 = a00;
            IntVector a30 = a00;
            IntVector a31 = a00;
            IntVector a32 = a00;
            IntVector a33 = a00;
            for (int n = tapFrom; n < tapTo; n++) {
                int o = tapOffset[n];
                IntVector v0 = IntVector.broadcast(S, x[x0 + o]);
                IntVector v1 = IntVector.broadcast(S, x[x1 + o]);
                IntVector v2 = IntVector.broadcast(S, x[x2 + o]);
                IntVector v3 = IntVector.broadcast(S, x[x3 + o]);
                int at = n * HALF_BLOCK;
                IntVector wv = IntVector.fromArray(S, wk, at);
                a00 = a00.add(wv.lanewise(XOR, v0).lanewise(BIT_COUNT));
                a10 = a10.add(wv.lanewise(XOR, v1).lanewise(BIT_COUNT));
                a20 = a20.add(wv.lanewise(XOR, v2).lanewise(BIT_COUNT));
                a30 = a30.add(wv.lanewise(XOR, v3).lanewise(BIT_COUNT));
                wv = IntVector.fromArray(S, wk, at + 16);
                a01 = a01.add(wv.lanewise(XOR, v0).lanewise(BIT_COUNT));
                a11 = a11.add(wv.lanewise(XOR, v1).lanewise(BIT_COUNT));
                a21 = a21.add(wv.lanewise(XOR, v2).lanewise(BIT_COUNT));
                a31 = a31.add(wv.lanewise(XOR, v3).lanewise(BIT_COUNT));
                wv = IntVector.fromArray(S, wk, at + 32);
                a02 = a02.add(wv.lanewise(XOR, v0).lanewise(BIT_COUNT));
                a12 = a12.add(wv.lanewise(XOR, v1).lanewise(BIT_COUNT));
                a22 = a22.add(wv.lanewise(XOR, v2).lanewise(BIT_COUNT));
                a32 = a32.add(wv.lanewise(XOR, v3).lanewise(BIT_COUNT));
                wv = IntVector.fromArray(S, wk, at + 48);
                a03 = a03.add(wv.lanewise(XOR, v0).lanewise(BIT_COUNT));
                a13 = a13.add(wv.lanewise(XOR, v1).lanewise(BIT_COUNT));
                a23 = a23.add(wv.lanewise(XOR, v2).lanewise(BIT_COUNT));
                a33 = a33.add(wv.lanewise(XOR, v3).lanewise(BIT_COUNT));
            }
            long word0 = a00.compare(LE, IntVector.fromArray(S, thresholds, t0)).toLong()
                    | a01.compare(LE, IntVector.fromArray(S, thresholds, t0 + 16)).toLong() << 16
                    | a02.compare(LE, IntVector.fromArray(S, thresholds, t0 + 32)).toLong() << 32
                    | a03.compare(LE, IntVector.fromArray(S, thresholds, t0 + 48)).toLong() << 48;
            long word1 = a10.compare(LE, IntVector.fromArray(S, thresholds, t1)).toLong()
                    | a11.compare(LE, IntVector.fromArray(S, thresholds, t1 + 16)).toLong() << 16
                    | a12.compare(LE, IntVector.fromArray(S, thresholds, t1 + 32)).toLong() << 32
                    | a13.compare(LE, IntVector.fromArray(S, thresholds, t1 + 48)).toLong() << 48;
            long word2 = a20.compare(LE, IntVector.fromArray(S, thresholds, t2)).toLong()
                    | a21.compare(LE, IntVector.fromArray(S, thresholds, t2 + 16)).toLong() << 16
                    | a22.compare(LE, IntVector.fromArray(S, thresholds, t2 + 32)).toLong() << 32
                    | a23.compare(LE, IntVector.fromArray(S, thresholds, t2 + 48)).toLong() << 48;
            long word3 = a30.compare(LE, IntVector.fromArray(S, thresholds, t3)).toLong()
                    | a31.compare(LE, IntVector.fromArray(S, thresholds, t3 + 16)).toLong() << 16
                    | a32.compare(LE, IntVector.fromArray(S, thresholds, t3 + 32)).toLong() << 32
                    | a33.compare(LE, IntVector.fromArray(S, thresholds, t3 + 48)).toLong() << 48;
            storeWord(word0, words, p * outWords + w, w, constMask, constValue);
            storeWord(word1, words, p1 * outWords + w, w, constMask, constValue);
            storeWord(word2, words, p2 * outWords + w, w, constMask, constValue);
            storeWord(word3, words, p3 * outWords + w, w, constMask, constValue);
        }
    }

    /**
     * Pooled row {@code py}, 64 channels from {@code c0}: the four pixels of each 2x2 window counted in one pass as in
     * {@link #quadPixels} (all taps), each pixel's 64 bits by compare, then the window's OR, or AND where {@code and}
     * has the channel's bit. The counting loop is written out here as there: one method counting four pixels for both,
     * its words handed back through an array, made conv2 about 6% slower (decision 0124).
     */
    private static void pooledWindows(int[] x, int[] wk, int c0, PaddedConvPlan plan, int py,
                                      int poolStride, int pooledW, int[] thresholds, long and, long[] words,
                                      long[] constMask, long[] constValue) {
        int[] tapOffset = plan.tapOffset();
        int[] corner = plan.corner();
        int[] pixelBias = plan.pixelBias();
        int outW = plan.geometry().outW();
        int outWords = plan.geometry().outWords();
        int w = c0 / 64;
        for (int px = 0; px < pooledW; px++) {
            int p = py * poolStride * outW + px * poolStride; // the window's top left pixel
            int x0 = corner[p];
            int x1 = corner[p + 1];
            int x2 = corner[p + outW];
            int x3 = corner[p + outW + 1];
            int t0 = pixelBias[p] + c0;
            int t1 = pixelBias[p + 1] + c0;
            int t2 = pixelBias[p + outW] + c0;
            int t3 = pixelBias[p + outW + 1] + c0;
            IntVector a00 = IntVector.zero(S);
            IntVector a01 = a00;
            IntVector a02 = a00;
            IntVector a03 = a00;
            IntVector a10 = a00;
            IntVector a11 = a00;
            IntVector a12 = a00;
            IntVector a13 = a00;
            IntVector a20 = a00;
            IntVector a21 = a00;
            IntVector a22 = a00;
            IntVector a23 = a00;
            IntVector a30 = a00;
            IntVector a31 = a00;
            IntVector a32 = a00;
            IntVector a33 = a00;
            for (int n = 0; n < tapOffset.length; n++) {
                int o = tapOffset[n];
                IntVector v0 = IntVector.broadcast(S, x[x0 + o]);
                IntVector v1 = IntVector.broadcast(S, x[x1 + o]);
                IntVector v2 = IntVector.broadcast(S, x[x2 + o]);
                IntVector v3 = IntVector.broadcast(S, x[x3 + o]);
                int at = n * HALF_BLOCK;
                IntVector wv = IntVector.fromArray(S, wk, at);
                a00 = a00.add(wv.lanewise(XOR, v0).lanewise(BIT_COUNT));
                a10 = a10.add(wv.lanewise(XOR, v1).lanewise(BIT_COUNT));
                a20 = a20.add(wv.lanewise(XOR, v2).lanewise(BIT_COUNT));
                a30 = a30.add(wv.lanewise(XOR, v3).lanewise(BIT_COUNT));
                wv = IntVector.fromArray(S, wk, at + 16);
                a01 = a01.add(wv.lanewise(XOR, v0).lanewise(BIT_COUNT));
                a11 = a11.add(wv.lanewise(XOR, v1).lanewise(BIT_COUNT));
                a21 = a21.add(wv.lanewise(XOR, v2).lanewise(BIT_COUNT));
                a31 = a31.add(wv.lanewise(XOR, v3).lanewise(BIT_COUNT));
                wv = IntVector.fromArray(S, wk, at + 32);
                a02 = a02.add(wv.lanewise(XOR, v0).lanewise(BIT_COUNT));
                a12 = a12.add(wv.lanewise(XOR, v1).lanewise(BIT_COUNT));
                a22 = a22.add(wv.lanewise(XOR, v2).lanewise(BIT_COUNT));
                a32 = a32.add(wv.lanewise(XOR, v3).lanewise(BIT_COUNT));
                wv = IntVector.fromArray(S, wk, at + 48);
                a03 = a03.add(wv.lanewise(XOR, v0).lanewise(BIT_COUNT));
                a13 = a13.add(wv.lanewise(XOR, v1).lanewise(BIT_COUNT));
                a23 = a23.add(wv.lanewise(XOR, v2).lanewise(BIT_COUNT));
                a33 = a33.add(wv.lanewise(XOR, v3).lanewise(BIT_COUNT));
            }
            long word0 = a00.compare(LE, IntVector.fromArray(S, thresholds, t0)).toLong()
                    | a01.compare(LE, IntVector.fromArray(S, thresholds, t0 + 16)).toLong() << 16
                    | a02.compare(LE, IntVector.fromArray(S, thresholds, t0 + 32)).toLong() << 32
                    | a03.compare(LE, IntVector.fromArray(S, thresholds, t0 + 48)).toLong() << 48;
            long word1 = a10.compare(LE, IntVector.fromArray(S, thresholds, t1)).toLong()
                    | a11.compare(LE, IntVector.fromArray(S, thresholds, t1 + 16)).toLong() << 16
                    | a12.compare(LE, IntVector.fromArray(S, thresholds, t1 + 32)).toLong() << 32
                    | a13.compare(LE, IntVector.fromArray(S, thresholds, t1 + 48)).toLong() << 48;
            long word2 = a20.compare(LE, IntVector.fromArray(S, thresholds, t2)).toLong()
                    | a21.compare(LE, IntVector.fromArray(S, thresholds, t2 + 16)).toLong() << 16
                    | a22.compare(LE, IntVector.fromArray(S, thresholds, t2 + 32)).toLong() << 32
                    | a23.compare(LE, IntVector.fromArray(S, thresholds, t2 + 48)).toLong() << 48;
            long word3 = a30.compare(LE, IntVector.fromArray(S, thresholds, t3)).toLong()
                    | a31.compare(LE, IntVector.fromArray(S, thresholds, t3 + 16)).toLong() << 16
                    | a32.compare(LE, IntVector.fromArray(S, thresholds, t3 + 32)).toLong() << 32
                    | a33.compare(LE, IntVector.fromArray(S, thresholds, t3 + 48)).toLong() << 48;
            long any = word0 | word1 | word2 | word3;
            long all = word0 & word1 & word2 & word3;
            storeWord(any & ~and | all & and, words, (py * pooledW + px) * outWords + w, w, constMask, constValue);
        }
    }

    /**
     * One output row of one 128-channel block. A method of its own (called once per row and block) so that C2
     * compiles it as a whole early instead of only through on-stack replacement of a long-running loop. It
     * must stay small enough for C1: when C1 gives up on a method ("out of virtual registers"), HotSpot may
     * leave it at a profiling tier where every Vector API call allocates (200x slower). Hence the counts go
     * through {@code acc} to separate output methods.
     */
    private static void row(int[] acc, int[] x, int halves, int[] wk, int[] pk, int b, int oy, int outW, int outC,
                            int k, int stride, int pad, int inH, int inW, int inC, int[] s, long[] words, int[] shift,
                            long[] constMask, long[] constValue) {
        int hpt = PackedBits.wordsFor(inC) * halves; // halves per tap
        int y0 = oy * stride - pad;
        for (int ox = 0; ox < outW; ox++) {
            int x0 = ox * stride - pad;
            int kx0 = Math.max(0, -x0);
            int kx1 = Math.min(k, inW - x0);
            IntVector a0 = IntVector.zero(S);
            IntVector a1 = a0;
            IntVector a2 = a0;
            IntVector a3 = a0;
            IntVector a4 = a0;
            IntVector a5 = a0;
            IntVector a6 = a0;
            IntVector a7 = a0;
            int validTaps = 0;
            for (int ky = 0; ky < k; ky++) {
                int iy = y0 + ky;
                boolean rowInside = iy >= 0 && iy < inH;
                if (rowInside && kx1 > kx0) {
                    validTaps += kx1 - kx0;
                    int xb = (iy * inW + x0 + kx0) * hpt;
                    int run = (kx1 - kx0) * hpt;
                    int wb = (ky * k + kx0) * hpt * BLOCK;
                    // popcount(weights XOR x) for 16 channels per vector, written out: through a helper
                    // method C2 (JDK 25) kept every vector boxed on the heap (110 MB per 3x3 256 conv, 5x slower)
                    for (int i = 0; i < run; i++) {
                        IntVector v = IntVector.broadcast(S, x[xb + i]);
                        int o = wb + i * BLOCK;
                        a0 = a0.add(IntVector.fromArray(S, wk, o).lanewise(XOR, v).lanewise(BIT_COUNT));
                        a1 = a1.add(IntVector.fromArray(S, wk, o + 16).lanewise(XOR, v).lanewise(BIT_COUNT));
                        a2 = a2.add(IntVector.fromArray(S, wk, o + 32).lanewise(XOR, v).lanewise(BIT_COUNT));
                        a3 = a3.add(IntVector.fromArray(S, wk, o + 48).lanewise(XOR, v).lanewise(BIT_COUNT));
                        a4 = a4.add(IntVector.fromArray(S, wk, o + 64).lanewise(XOR, v).lanewise(BIT_COUNT));
                        a5 = a5.add(IntVector.fromArray(S, wk, o + 80).lanewise(XOR, v).lanewise(BIT_COUNT));
                        a6 = a6.add(IntVector.fromArray(S, wk, o + 96).lanewise(XOR, v).lanewise(BIT_COUNT));
                        a7 = a7.add(IntVector.fromArray(S, wk, o + 112).lanewise(XOR, v).lanewise(BIT_COUNT));
                    }
                }
                if (pk != null) {
                    for (int kx = 0; kx < k; kx++) {
                        if (!rowInside || kx < kx0 || kx >= kx1) {
                            int p = (ky * k + kx) * BLOCK;
                            a0 = a0.add(IntVector.fromArray(S, pk, p));
                            a1 = a1.add(IntVector.fromArray(S, pk, p + 16));
                            a2 = a2.add(IntVector.fromArray(S, pk, p + 32));
                            a3 = a3.add(IntVector.fromArray(S, pk, p + 48));
                            a4 = a4.add(IntVector.fromArray(S, pk, p + 64));
                            a5 = a5.add(IntVector.fromArray(S, pk, p + 80));
                            a6 = a6.add(IntVector.fromArray(S, pk, p + 96));
                            a7 = a7.add(IntVector.fromArray(S, pk, p + 112));
                        }
                    }
                }
            }
            int kEff = (pk == null ? validTaps : k * k) * inC;
            a0.intoArray(acc, 0);
            a1.intoArray(acc, 16);
            a2.intoArray(acc, 32);
            a3.intoArray(acc, 48);
            a4.intoArray(acc, 64);
            a5.intoArray(acc, 80);
            a6.intoArray(acc, 96);
            a7.intoArray(acc, 112);
            store(acc, kEff, b, oy * outW + ox, outC, s, words, shift, constMask, constValue);
        }
    }

    /** {@link #row} for a last block of at most 64 channels: four registers, weights {@code HALF_BLOCK} apart. */
    private static void halfBlockRow(int[] acc, int[] x, int halves, int[] wk, int[] pk, int b, int oy, int outW,
                                     int outC, int k, int stride, int pad, int inH, int inW, int inC, int[] s,
                                     long[] words, int[] shift, long[] constMask, long[] constValue) {
        int hpt = PackedBits.wordsFor(inC) * halves;
        int y0 = oy * stride - pad;
        for (int ox = 0; ox < outW; ox++) {
            int x0 = ox * stride - pad;
            int kx0 = Math.max(0, -x0);
            int kx1 = Math.min(k, inW - x0);
            IntVector a0 = IntVector.zero(S);
            IntVector a1 = a0;
            IntVector a2 = a0;
            IntVector a3 = a0;
            int validTaps = 0;
            for (int ky = 0; ky < k; ky++) {
                int iy = y0 + ky;
                boolean rowInside = iy >= 0 && iy < inH;
                if (rowInside && kx1 > kx0) {
                    validTaps += kx1 - kx0;
                    int xb = (iy * inW + x0 + kx0) * hpt;
                    int run = (kx1 - kx0) * hpt;
                    int wb = (ky * k + kx0) * hpt * HALF_BLOCK;
                    for (int i = 0; i < run; i++) {
                        IntVector v = IntVector.broadcast(S, x[xb + i]);
                        int o = wb + i * HALF_BLOCK;
                        a0 = a0.add(IntVector.fromArray(S, wk, o).lanewise(XOR, v).lanewise(BIT_COUNT));
                        a1 = a1.add(IntVector.fromArray(S, wk, o + 16).lanewise(XOR, v).lanewise(BIT_COUNT));
                        a2 = a2.add(IntVector.fromArray(S, wk, o + 32).lanewise(XOR, v).lanewise(BIT_COUNT));
                        a3 = a3.add(IntVector.fromArray(S, wk, o + 48).lanewise(XOR, v).lanewise(BIT_COUNT));
                    }
                }
                if (pk != null) {
                    for (int kx = 0; kx < k; kx++) {
                        if (!rowInside || kx < kx0 || kx >= kx1) {
                            int p = (ky * k + kx) * HALF_BLOCK;
                            a0 = a0.add(IntVector.fromArray(S, pk, p));
                            a1 = a1.add(IntVector.fromArray(S, pk, p + 16));
                            a2 = a2.add(IntVector.fromArray(S, pk, p + 32));
                            a3 = a3.add(IntVector.fromArray(S, pk, p + 48));
                        }
                    }
                }
            }
            int kEff = (pk == null ? validTaps : k * k) * inC;
            a0.intoArray(acc, 0);
            a1.intoArray(acc, 16);
            a2.intoArray(acc, 32);
            a3.intoArray(acc, 48);
            store(acc, kEff, b, oy * outW + ox, outC, s, words, shift, constMask, constValue);
        }
    }

    /**
     * One pooled row {@code py} of 64 channels of a block ({@code width} channels, 128 or 64), those from
     * {@code lane0} (0 or 64), 2x2 windows {@code poolStride} pixels apart ({@link IntBlockConvKernel#pooledRows}):
     * each window pixel's counts as in {@link #row}, then per channel the largest
     * {@code e = (K_eff + shift - 2 * acc) XOR flip} of the window stays in a register ({@code m0..m3}); bit 1 iff
     * {@code e XOR flip >= 0}, one output word. Four registers of counts and four of extremes: a whole block's eight
     * and eight ran slower than thresholding every pixel and pooling the bits, so a block of 128 takes two calls. The
     * pixel's loop is written out here, not called: vectors handed to or returned from a method may stay boxed, and
     * counts handed over through an array cost more than the pool saves.
     */
    private static void pooledRow(int[] x, int halves, int[] wk, int width, int lane0, int[] pk, int b, int py,
                                  int poolStride, int pooledW, ConvGeometry g, long[] words, int[] shift, int[] flip,
                                  long[] constMask, long[] constValue) {
        int k = g.kernel();
        int inH = g.inH();
        int inW = g.inW();
        int inC = g.inChannels();
        int hpt = PackedBits.wordsFor(inC) * halves; // halves per tap
        int c0 = b * BLOCK + lane0;
        for (int px = 0; px < pooledW; px++) {
            IntVector m0 = IntVector.broadcast(S, Integer.MIN_VALUE);
            IntVector m1 = m0;
            IntVector m2 = m0;
            IntVector m3 = m0;
            for (int j = 0; j < 4; j++) { // the window's pixels
                int oy = py * poolStride + (j >> 1);
                int ox = px * poolStride + (j & 1);
                int y0 = oy * g.stride() - g.pad();
                int x0 = ox * g.stride() - g.pad();
                int kx0 = Math.max(0, -x0);
                int kx1 = Math.min(k, inW - x0);
                IntVector a0 = IntVector.zero(S);
                IntVector a1 = a0;
                IntVector a2 = a0;
                IntVector a3 = a0;
                int validTaps = 0;
                for (int ky = 0; ky < k; ky++) {
                    int iy = y0 + ky;
                    boolean rowInside = iy >= 0 && iy < inH;
                    if (rowInside && kx1 > kx0) {
                        validTaps += kx1 - kx0;
                        int xb = (iy * inW + x0 + kx0) * hpt;
                        int run = (kx1 - kx0) * hpt;
                        int wb = (ky * k + kx0) * hpt * width + lane0;
                        for (int i = 0; i < run; i++) {
                            IntVector v = IntVector.broadcast(S, x[xb + i]);
                            int o = wb + i * width;
                            a0 = a0.add(IntVector.fromArray(S, wk, o).lanewise(XOR, v).lanewise(BIT_COUNT));
                            a1 = a1.add(IntVector.fromArray(S, wk, o + 16).lanewise(XOR, v).lanewise(BIT_COUNT));
                            a2 = a2.add(IntVector.fromArray(S, wk, o + 32).lanewise(XOR, v).lanewise(BIT_COUNT));
                            a3 = a3.add(IntVector.fromArray(S, wk, o + 48).lanewise(XOR, v).lanewise(BIT_COUNT));
                        }
                    }
                    if (pk != null) {
                        for (int kx = 0; kx < k; kx++) {
                            if (!rowInside || kx < kx0 || kx >= kx1) {
                                int p = (ky * k + kx) * width + lane0;
                                a0 = a0.add(IntVector.fromArray(S, pk, p));
                                a1 = a1.add(IntVector.fromArray(S, pk, p + 16));
                                a2 = a2.add(IntVector.fromArray(S, pk, p + 32));
                                a3 = a3.add(IntVector.fromArray(S, pk, p + 48));
                            }
                        }
                    }
                }
                int kEff = (pk == null ? validTaps : k * k) * inC;
                // e = (K_eff + shift - 2 * acc) XOR flip, the largest of the window
                m0 = m0.max(IntVector.fromArray(S, shift, c0).add(kEff).sub(a0.add(a0))
                        .lanewise(XOR, IntVector.fromArray(S, flip, c0)));
                m1 = m1.max(IntVector.fromArray(S, shift, c0 + 16).add(kEff).sub(a1.add(a1))
                        .lanewise(XOR, IntVector.fromArray(S, flip, c0 + 16)));
                m2 = m2.max(IntVector.fromArray(S, shift, c0 + 32).add(kEff).sub(a2.add(a2))
                        .lanewise(XOR, IntVector.fromArray(S, flip, c0 + 32)));
                m3 = m3.max(IntVector.fromArray(S, shift, c0 + 48).add(kEff).sub(a3.add(a3))
                        .lanewise(XOR, IntVector.fromArray(S, flip, c0 + 48)));
            }
            int outWords = PackedBits.wordsFor(g.outChannels());
            int at = (py * pooledW + px) * outWords;
            long word = m0.lanewise(XOR, IntVector.fromArray(S, flip, c0)).compare(GE, 0).toLong()
                    | (m1.lanewise(XOR, IntVector.fromArray(S, flip, c0 + 16)).compare(GE, 0).toLong() << 16)
                    | (m2.lanewise(XOR, IntVector.fromArray(S, flip, c0 + 32)).compare(GE, 0).toLong() << 32)
                    | (m3.lanewise(XOR, IntVector.fromArray(S, flip, c0 + 48)).compare(GE, 0).toLong() << 48);
            int w = 2 * b + lane0 / 64;
            storeWord(word, words, at + w, w, constMask, constValue);
        }
    }

    /** One pixel's counts of block {@code b}: dot products into {@code s} if it is not null, else bits. */
    private static void store(int[] acc, int kEff, int b, int pixel, int outC, int[] s, long[] words, int[] shift,
                              long[] constMask, long[] constValue) {
        if (s != null) {
            storeDotProducts(acc, kEff, s, pixel * outC, b * BLOCK, outC);
        } else {
            int outWords = PackedBits.wordsFor(outC);
            storeBits(acc, kEff, shift, b, words, pixel * outWords, outWords, constMask, constValue);
        }
    }

    /** {@code s = K_eff - 2 * acc} for the block's channels that exist. */
    private static void storeDotProducts(int[] acc, int kEff, int[] s, int at, int c0, int outC) {
        IntVector k0 = IntVector.broadcast(S, kEff);
        for (int i = 0; i < BLOCK && c0 + i < outC; i += 16) {
            IntVector a = IntVector.fromArray(S, acc, i);
            k0.sub(a.add(a)).intoArray(s, at + c0 + i, S.indexInRange(c0 + i, outC));
        }
    }

    /**
     * Output bits {@code K_eff + shift - 2 * acc >= 0} of block {@code b} (words {@code 2b}, {@code 2b + 1} of
     * the pixel): a vector compare's 16-lane mask is 16 output bits. Padded channels have a shift that keeps
     * their bits 0.
     */
    private static void storeBits(int[] acc, int kEff, int[] shift, int b, long[] words, int at, int outWords,
                                  long[] constMask, long[] constValue) {
        int c0 = b * BLOCK;
        for (int half = 0; half < 2 && 2 * b + half < outWords; half++) {
            long word = 0;
            for (int i = 0; i < 64; i += 16) {
                int lane = 64 * half + i;
                IntVector a = IntVector.fromArray(S, acc, lane);
                IntVector t = IntVector.fromArray(S, shift, c0 + lane).add(kEff).sub(a.add(a));
                word |= t.compare(GE, 0).toLong() << i;
            }
            int w = 2 * b + half;
            storeWord(word, words, at + w, w, constMask, constValue);
        }
    }

    /** Output word {@code w} of a pixel, {@code bits} with the constant channels put in, into {@code words[i]}. */
    private static void storeWord(long bits, long[] words, int i, int w, long[] constMask, long[] constValue) {
        words[i] = constMask == null ? bits : (bits & ~constMask[w]) | (constValue[w] & constMask[w]);
    }
}
