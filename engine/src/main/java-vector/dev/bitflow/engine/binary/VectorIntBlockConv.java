package dev.bitflow.engine.binary;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

import static jdk.incubator.vector.VectorOperators.BIT_COUNT;
import static jdk.incubator.vector.VectorOperators.GE;
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
