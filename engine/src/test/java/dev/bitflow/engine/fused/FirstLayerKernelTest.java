package dev.bitflow.engine.fused;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.engine.api.definition.Padding;
import dev.bitflow.engine.api.definition.PaddingMode;
import dev.bitflow.engine.binary.BitMaxPoolLayer;
import dev.bitflow.engine.binary.PackedBits;
import dev.bitflow.engine.fused.FirstLayerKernel.Loop;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/**
 * The fast first layer against the slow, obvious one: the same bits, including values exactly on a threshold, for the
 * scalar loop, the planes loop and (where the JVM runs it: the build's JDK 21+ test run) the Vector API loop.
 */
class FirstLayerKernelTest {
    /**
     * The build's second test run (JDK 21+ with {@code jdk.incubator.vector}, engine/pom.xml) sets
     * {@code bitflow.expectVectorKernel}: there the Vector API loop must load, or every comparison below would test
     * the scalar loop twice.
     */
    @Test
    void theVectorLoopRunsWhereverItLoads() {
        FusedFirstLayer conv = layer(true, 1, 4, 4, 3, 3, 1, Padding.VALID, new float[27], null, null,
                new FloatThreshold("conv1", new float[3], new boolean[3], new boolean[3], new boolean[3]), List.of());
        if (Boolean.getBoolean("bitflow.expectVectorKernel")) {
            assertThat(new FirstLayerKernel(conv).usesVectorApi()).as(FirstLayerKernel.vectorKernelStatus()).isTrue();
        }
        assertThat(new FirstLayerKernel(conv, Loop.SCALAR).loop()).isEqualTo(Loop.SCALAR);
        assertThat(new FirstLayerKernel(conv, Loop.PLANES).loop()).isEqualTo(Loop.PLANES);
        assertThat(FirstLayerKernel.vectorKernelStatus()).contains("Vector API first layer");
    }

    @Test
    void theScalarLoopRunsWhereNoPaddedBufferIsExact() {
        float[] weights = new float[27];
        weights[4] = Float.POSITIVE_INFINITY;
        FloatThreshold t = new FloatThreshold("conv1", new float[3], new boolean[3], new boolean[3], new boolean[3]);
        FusedFirstLayer zeroPadded = layer(true, 1, 4, 4, 3, 3, 1, new Padding(PaddingMode.ZERO, 1), weights, null,
                null, t, List.of());
        FirstLayerKernel kernel = new FirstLayerKernel(zeroPadded);
        assertThat(kernel.loop()).isEqualTo(Loop.SCALAR);
        assertThat(kernel.loopStatus()).contains("non-finite weight");
        FusedFirstLayer onePadded = layer(true, 1, 4, 4, 3, 3, 1, new Padding(PaddingMode.PLUS_ONE, 1), weights, null,
                null, t, List.of());
        assertThat(new FirstLayerKernel(onePadded, Loop.PLANES).loop()).isEqualTo(Loop.PLANES);
        FusedFirstLayer dense = layer(false, 4, 1, 1, 3, 1, 1, Padding.VALID, new float[12], null, null, t, List.of());
        assertThat(new FirstLayerKernel(dense).loopStatus()).contains("dense");
    }

    @RepeatedTest(300)
    void convBitsEqualTheReference(RepetitionInfo info) {
        SplittableRandom r = new SplittableRandom(info.getCurrentRepetition());
        int inC = 1 + r.nextInt(4);
        int k = 1 + 2 * r.nextInt(3);
        int stride = 1 + r.nextInt(2);
        PaddingMode mode = PaddingMode.values()[r.nextInt(PaddingMode.values().length)];
        int pad = mode == PaddingMode.VALID ? 0 : r.nextInt(3);
        Padding padding = new Padding(pad == 0 ? PaddingMode.VALID : mode, pad);
        int h = k + r.nextInt(9);
        int w = k + r.nextInt(9);
        int outC = 1 + r.nextInt(r.nextBoolean() ? 40 : 140);
        float[] weights = values(r, outC * inC * k * k);
        float[] alpha = r.nextInt(3) == 0 ? positive(r, outC) : null;
        float[] bias = r.nextBoolean() ? values(r, outC) : null;
        float[] x = values(r, inC * h * w);
        FusedFirstLayer probe = layer(true, inC, h, w, outC, k, stride, padding, weights, alpha, bias,
                threshold(r, outC, null), List.of());
        // thresholds taken from the layer's own outputs, so many values sit exactly on them
        int outH = (h + 2 * pad - k) / stride + 1;
        int outW = (w + 2 * pad - k) / stride + 1;
        FusedFirstLayer layer = layer(true, inC, h, w, outC, k, stride, padding, weights, alpha, bias,
                threshold(r, outC, probe.preThreshold(x)), pools(r, outC, outH, outW));
        assertSame(layer, x);
    }

    @RepeatedTest(50)
    void denseBitsEqualTheReference(RepetitionInfo info) {
        SplittableRandom r = new SplittableRandom(1000 + info.getCurrentRepetition());
        int in = 1 + r.nextInt(50);
        int out = 1 + r.nextInt(150);
        float[] weights = values(r, in * out);
        float[] x = values(r, in);
        FusedFirstLayer probe = layer(false, in, 1, 1, out, 1, 1, Padding.VALID, weights, null, values(r, out),
                threshold(r, out, null), List.of());
        FusedFirstLayer layer = layer(false, in, 1, 1, out, 1, 1, Padding.VALID, weights, null, probe.bias(),
                threshold(r, out, probe.preThreshold(x)), List.of());
        assertSame(layer, x);
    }

    @Test
    void signedZerosAndInfiniteThresholds() {
        // one input pixel, 1x1 conv: y = w * x exactly; y = -0 and +0 against thresholds +0, -0, +-Inf, both tests
        float[] thresholds = {0f, -0f, 0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        boolean[] below = {false, false, true, true, false, false, true, true};
        int c = thresholds.length;
        for (float xv : new float[] {0f, -0f, 1f, -1f}) {
            for (float wv : new float[] {1f, -1f, 0f, -0f}) {
                float[] weights = new float[c];
                java.util.Arrays.fill(weights, wv);
                FusedFirstLayer layer = layer(true, 1, 1, 1, c, 1, 1, Padding.VALID, weights, null, null,
                        new FloatThreshold("conv1", thresholds, below, new boolean[c], new boolean[c]), List.of());
                assertSame(layer, new float[] {xv});
            }
        }
    }

    @Test
    void nonFiniteWeightsWithZeroPadding() {
        // a zero-padded tap is skipped by the float path; inf * 0 would be NaN, so the kernels must not add it
        float[] weights = new float[32 * 9];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (i % 7) - 3;
        }
        weights[5] = Float.POSITIVE_INFINITY;
        weights[40] = Float.NEGATIVE_INFINITY;
        float[] x = new float[6 * 5];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 5) - 2;
        }
        float[] t = new float[32];
        FusedFirstLayer layer = layer(true, 1, 6, 5, 32, 3, 1, new Padding(PaddingMode.ZERO, 1), weights, null, null,
                new FloatThreshold("conv1", t, new boolean[32], new boolean[32], new boolean[32]), List.of());
        assertSame(layer, x);
    }

    /**
     * The pool before the threshold on single values: a 1x1 conv of one input channel with a scaling factor of +1
     * or -1, so every conv output is {@code ±(w * x)} exactly, -0 where the factor is -1 and the sum +0; every window
     * of -0, +0 and ±1 against thresholds ±0, ±1 and ±infinity, both tests, OR and AND channels; the map is 3x3, so
     * the pool's floor division drops its last row and column.
     */
    @Test
    void poolBeforeTheThresholdOnSignedZerosAndInfiniteThresholds() {
        float[] thresholds = {0f, -0f, 0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1f, -1f, 1f, -1f};
        int c = 4 * thresholds.length;
        float[] t = new float[c];
        boolean[] below = new boolean[c];
        float[] alpha = new float[c];
        long[] andMask = new long[1];
        for (int o = 0; o < c; o++) {
            t[o] = thresholds[o % thresholds.length];
            below[o] = (o / 2) % 2 == 1;
            if ((o / thresholds.length) % 2 == 1) {
                andMask[0] |= 1L << o;
            }
            alpha[o] = o < 2 * thresholds.length ? 1f : -1f;
        }
        FloatThreshold threshold = new FloatThreshold("conv1", t, below, new boolean[c], new boolean[c]);
        float[] values = {0f, -0f, 1f, -1f};
        float[] x = new float[9];
        for (int window = 0; window < 256; window++) {
            for (int i = 0; i < 4; i++) {
                x[(i / 2) * 3 + i % 2] = values[(window >> (2 * i)) & 3];
            }
            x[2] = values[window & 3]; // the dropped column and row
            x[8] = values[(window >> 2) & 3];
            for (float wv : new float[] {1f, -1f, 0f, -0f}) {
                float[] weights = new float[c];
                java.util.Arrays.fill(weights, wv);
                FusedFirstLayer layer = layer(true, 1, 3, 3, c, 1, 1, Padding.VALID, weights, alpha, null, threshold,
                        List.of(new BitMaxPoolLayer(2, 2, andMask)));
                assertSame(layer, x);
            }
        }
    }

    /**
     * The nine-tap pooled loop (one input channel, 3x3, stride 1) on sums made of zeros: weights and inputs drawn
     * from -0, +0, 1 and -1, so many sums are +0 or -0 and many products are zeros of either sign (the loop starts
     * each sum at its first product, not at +0), against thresholds ±0, ±1 and ±infinity, both tests, OR and AND
     * channels, a scaling factor of ±1 or none and a bias of ±0 or none; odd map sizes, zero and ±1 padding.
     */
    @RepeatedTest(60)
    void nineTapPoolOnSignedZeros(RepetitionInfo info) {
        SplittableRandom r = new SplittableRandom(500 + info.getCurrentRepetition());
        float[] pick = {0f, -0f, 1f, -1f};
        float[] thresholds = {0f, -0f, 1f, -1f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        int c = 1 + r.nextInt(70);
        int h = 2 + r.nextInt(5);
        int w = 2 + r.nextInt(5);
        float[] weights = new float[c * 9];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = pick[r.nextInt(4)];
        }
        float[] x = new float[h * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = pick[r.nextInt(4)];
        }
        float[] t = new float[c];
        boolean[] below = new boolean[c];
        float[] alpha = r.nextBoolean() ? new float[c] : null;
        float[] bias = r.nextBoolean() ? new float[c] : null;
        for (int o = 0; o < c; o++) {
            t[o] = thresholds[r.nextInt(thresholds.length)];
            below[o] = r.nextBoolean();
            if (alpha != null) {
                alpha[o] = r.nextBoolean() ? 1f : -1f;
            }
            if (bias != null) {
                bias[o] = r.nextBoolean() ? 0f : -0f;
            }
        }
        FloatThreshold threshold = new FloatThreshold("conv1", t, below, new boolean[c], new boolean[c]);
        PaddingMode[] modes = {PaddingMode.ZERO, PaddingMode.PLUS_ONE, PaddingMode.MINUS_ONE};
        Padding padding = new Padding(modes[r.nextInt(modes.length)], 1);
        FusedFirstLayer layer = layer(true, 1, h, w, c, 3, 1, padding, weights, alpha, bias, threshold,
                List.of(new BitMaxPoolLayer(2, 2, andMask(r, c))));
        assertSame(layer, x);
        if (Boolean.getBoolean("bitflow.expectVectorKernel")) {
            assertThat(new FirstLayerKernel(layer).poolsBeforeThreshold()).isTrue();
        }
    }

    /**
     * Nine taps that are not a 3x3 kernel: a 1x1 conv of nine input channels (its taps are channel planes, not rows of
     * one plane), stride 1, with a 2x2 pool before the threshold.
     */
    @Test
    void nineTapsOfNineChannelsAreNotAThreeByThreeKernel() {
        SplittableRandom r = new SplittableRandom(77);
        for (int outC : new int[] {5, 32, 40}) {
            int h = 6;
            int w = 7;
            float[] weights = values(r, outC * 9);
            float[] x = values(r, 9 * h * w);
            FusedFirstLayer probe = layer(true, 9, h, w, outC, 1, 1, Padding.VALID, weights, null, null,
                    threshold(r, outC, null), List.of());
            FusedFirstLayer layer = layer(true, 9, h, w, outC, 1, 1, Padding.VALID, weights, null, null,
                    threshold(r, outC, probe.preThreshold(x)), List.of(new BitMaxPoolLayer(2, 2, andMask(r, outC))));
            assertSame(layer, x);
        }
    }

    /**
     * Layers shaped like fashion-bcnn's conv1 with its pool before the BatchNorm as fusion makes it (AND for the
     * channels whose test is {@code <=}), odd map sizes (the pool drops the last row and column), a stride-2 conv,
     * pool strides 2 and 3, a second pool after the first; the Vector API loop pools before the threshold.
     */
    @Test
    void poolBeforeTheThresholdOnFashionShapedLayers() {
        SplittableRandom r = new SplittableRandom(11);
        int cases = 0;
        for (int size : new int[] {28, 27, 9}) {
            for (int stride : new int[] {1, 2}) {
                for (int poolStride : new int[] {2, 3}) {
                    for (int outC : new int[] {7, 32, 33, 70}) {
                        float[] weights = values(r, outC * 9);
                        float[] bias = r.nextBoolean() ? values(r, outC) : null;
                        float[] x = values(r, size * size);
                        Padding padding = new Padding(PaddingMode.ZERO, 1);
                        FusedFirstLayer probe = layer(true, 1, size, size, outC, 3, stride, padding, weights, null,
                                bias, threshold(r, outC, null), List.of());
                        FloatThreshold t = threshold(r, outC, probe.preThreshold(x));
                        long[] andMask = new long[PackedBits.wordsFor(outC)];
                        for (int o = 0; o < outC; o++) {
                            andMask[o >>> 6] |= t.below()[o] ? 1L << (o & 63) : 0L;
                        }
                        List<BitMaxPoolLayer> pools = cases % 3 == 0
                                ? List.of(new BitMaxPoolLayer(2, poolStride, andMask), new BitMaxPoolLayer(2, 1, null))
                                : List.of(new BitMaxPoolLayer(2, poolStride, andMask));
                        FusedFirstLayer layer = layer(true, 1, size, size, outC, 3, stride, padding, weights, null,
                                bias, t, pools);
                        assertSame(layer, x);
                        if (Boolean.getBoolean("bitflow.expectVectorKernel")) {
                            assertThat(new FirstLayerKernel(layer).poolsBeforeThreshold()).isTrue();
                        }
                        cases++;
                    }
                }
            }
        }
        assertThat(cases).isEqualTo(48);
    }

    @Test
    void nonFiniteWeightsWithOnePadding() {
        // a ±1-padded tap is added by the float path too: the planes loop runs, and infinite sums go to the scalar loop
        for (PaddingMode mode : new PaddingMode[] {PaddingMode.PLUS_ONE, PaddingMode.MINUS_ONE}) {
            float[] weights = new float[8 * 9];
            for (int i = 0; i < weights.length; i++) {
                weights[i] = (i % 5) - 2;
            }
            weights[4] = Float.POSITIVE_INFINITY;
            weights[9 + 8] = Float.NEGATIVE_INFINITY;
            float[] x = new float[7 * 6];
            for (int i = 0; i < x.length; i++) {
                x[i] = (i % 4) - 1.5f;
            }
            FusedFirstLayer layer = layer(true, 1, 7, 6, 8, 3, 1, new Padding(mode, 1), weights, null, null,
                    new FloatThreshold("conv1", new float[8], new boolean[8], new boolean[8], new boolean[8]), List.of());
            assertSame(layer, x);
        }
    }

    @Test
    void differencesThatOverflowGoToTheScalarLoop() {
        // y - t overflows to +infinity for y near MAX_VALUE and t near -MAX_VALUE (and the reverse for "<=")
        float big = 0x1.fp127f;
        float[] weights = {big, -big, big, -big, 1f, 1f};
        float[] thresholds = {-big, big, -big, big, -big, big};
        boolean[] below = {false, true, true, false, false, true};
        FusedFirstLayer layer = layer(true, 1, 3, 3, 6, 1, 1, Padding.VALID, weights, null, null,
                new FloatThreshold("conv1", thresholds, below, new boolean[6], new boolean[6]), List.of());
        assertSame(layer, new float[] {1f, -1f, 0.5f, 0f, -0f, 2f, -2f, 0.25f, -0.75f});
    }

    @Test
    void passesOfConstantChannelsAreSkipped() {
        SplittableRandom r = new SplittableRandom(11);
        int c = 13;
        boolean[] constant = new boolean[c];
        boolean[] constantValue = new boolean[c];
        for (int o : new int[] {0, 1, 2, 3, 8, 12}) {
            constant[o] = true;
            constantValue[o] = o % 3 == 0;
        }
        float[] t = values(r, c);
        FusedFirstLayer layer = layer(true, 2, 9, 8, c, 3, 1, new Padding(PaddingMode.ZERO, 1), values(r, c * 18),
                null, values(r, c), new FloatThreshold("conv1", t, new boolean[c], constant, constantValue), List.of());
        assertSame(layer, values(r, 2 * 9 * 8));
    }

    @RepeatedTest(60)
    void largeStridedConvsInBandsOfRows(RepetitionInfo info) {
        // strides up to 4 (phase planes) and images large enough for several bands of output rows
        SplittableRandom r = new SplittableRandom(5000 + info.getCurrentRepetition());
        int inC = 1 + r.nextInt(3);
        int k = 1 + r.nextInt(7);
        int stride = 1 + r.nextInt(4);
        PaddingMode mode = PaddingMode.values()[r.nextInt(PaddingMode.values().length)];
        int pad = mode == PaddingMode.VALID ? 0 : r.nextInt(k + 1);
        Padding padding = new Padding(pad == 0 ? PaddingMode.VALID : mode, pad);
        int h = k + r.nextInt(60);
        int w = k + r.nextInt(60);
        int outC = 1 + r.nextInt(70);
        float[] weights = values(r, outC * inC * k * k);
        float[] alpha = r.nextBoolean() ? positive(r, outC) : null;
        float[] bias = r.nextBoolean() ? values(r, outC) : null;
        float[] x = values(r, inC * h * w);
        FusedFirstLayer probe = layer(true, inC, h, w, outC, k, stride, padding, weights, alpha, bias,
                threshold(r, outC, null), List.of());
        FusedFirstLayer layer = layer(true, inC, h, w, outC, k, stride, padding, weights, alpha, bias,
                threshold(r, outC, probe.preThreshold(x)), List.of());
        assertSame(layer, x);
    }

    @Test
    void fashionShapedLayerWithPoolsInsideABatch() {
        SplittableRandom r = new SplittableRandom(7);
        for (int outC : new int[] {1, 16, 31, 32, 33, 48, 64, 100}) {
            float[] weights = values(r, outC * 9);
            float[] x = values(r, 28 * 28);
            FusedFirstLayer probe = layer(true, 1, 28, 28, outC, 3, 1, new Padding(PaddingMode.ZERO, 1), weights,
                    null, null, threshold(r, outC, null), List.of());
            FusedFirstLayer layer = layer(true, 1, 28, 28, outC, 3, 1, new Padding(PaddingMode.ZERO, 1), weights,
                    null, null, threshold(r, outC, probe.preThreshold(x)), List.of(new BitMaxPoolLayer(2, 2, null)));
            assertSame(layer, x);
        }
    }

    /** Every loop (each as fast as this JVM and layer allow) gives the reference's bits, alone and inside a batch. */
    private static void assertSame(FusedFirstLayer layer, float[] x) {
        PackedBits expected = layer.threshold(layer.preThreshold(x));
        // an example inside a batch, as FusedBatchRunner passes it
        float[] batch = new float[x.length * 2 + 3];
        System.arraycopy(x, 0, batch, x.length + 3, x.length);
        float padValue = layer.padding().mode() == PaddingMode.PLUS_ONE ? 1f
                : layer.padding().mode() == PaddingMode.MINUS_ONE ? -1f : 0f;
        boolean buffered = layer.conv() && PaddedInput.exactFor(padValue, layer.weights());
        PackedBits pooled = layer.applyReference(x);
        for (Loop loop : Loop.values()) {
            FirstLayerKernel kernel = new FirstLayerKernel(layer, loop);
            if (loop == Loop.PLANES) {
                assertThat(kernel.loop()).isEqualTo(buffered ? Loop.PLANES : Loop.SCALAR);
            }
            assertThat(kernel.threshold(x)).as(kernel.loopStatus()).isEqualTo(expected);
            assertThat(kernel.threshold(batch, x.length + 3)).as(kernel.loopStatus()).isEqualTo(expected);
            assertThat(kernel.apply(x)).as(kernel.loopStatus() + ", pools").isEqualTo(pooled);
            assertThat(kernel.apply(batch, x.length + 3)).as(kernel.loopStatus() + ", pools inside a batch")
                    .isEqualTo(pooled);
            assertThat(kernel.apply(x)).as(kernel.loopStatus() + ", pools, kernel used again").isEqualTo(pooled);
        }
        assertThat(layer.apply(x)).isEqualTo(pooled);
    }

    private static FusedFirstLayer layer(boolean conv, int inC, int h, int w, int outC, int k, int stride,
                                         Padding padding, float[] weights, float[] alpha, float[] bias,
                                         FloatThreshold threshold, List<BitMaxPoolLayer> pools) {
        return new FusedFirstLayer("conv1", conv, inC, h, w, outC, k, stride, padding, weights, alpha, bias,
                threshold, pools);
    }

    /** Thresholds: from {@code y} where given (exact hits), else random; some below, some constant, some zero. */
    private static FloatThreshold threshold(SplittableRandom r, int c, float[] y) {
        float[] t = new float[c];
        boolean[] below = new boolean[c];
        boolean[] constant = new boolean[c];
        boolean[] constantValue = new boolean[c];
        for (int o = 0; o < c; o++) {
            int pick = r.nextInt(10);
            if (y != null && pick < 6) {
                int plane = y.length / c;
                t[o] = y[o * plane + r.nextInt(plane)];
            } else if (pick == 6) {
                t[o] = r.nextBoolean() ? 0f : -0f;
            } else {
                t[o] = (float) (r.nextGaussian() * 2);
            }
            below[o] = r.nextInt(3) == 0;
            constant[o] = r.nextInt(12) == 0;
            constantValue[o] = r.nextBoolean();
        }
        return new FloatThreshold("conv1", t, below, constant, constantValue);
    }

    /**
     * None, or one or two pools that fit an {@code h x w} map: 2x2 windows that do not overlap (taken before the
     * threshold by the Vector API loop) most often, and sizes and strides it leaves to the bit pool; OR and AND
     * channels at random, independent of the channels' tests.
     */
    private static List<BitMaxPoolLayer> pools(SplittableRandom r, int c, int h, int w) {
        if (r.nextInt(4) == 0) {
            return List.of();
        }
        int[][] shapes = {{2, 2}, {2, 2}, {2, 3}, {1, 1}, {2, 1}, {3, 3}, {3, 2}};
        int[] first = shapes[r.nextInt(shapes.length)];
        if (first[0] > Math.min(h, w)) {
            return List.of();
        }
        BitMaxPoolLayer pool = new BitMaxPoolLayer(first[0], first[1], andMask(r, c));
        int pooledH = (h - first[0]) / first[1] + 1;
        int pooledW = (w - first[0]) / first[1] + 1;
        if (r.nextInt(4) == 0 && Math.min(pooledH, pooledW) >= 2) {
            return List.of(pool, new BitMaxPoolLayer(2, 1 + r.nextInt(2), andMask(r, c)));
        }
        return List.of(pool);
    }

    private static long[] andMask(SplittableRandom r, int c) {
        long[] andMask = new long[PackedBits.wordsFor(c)];
        for (int o = 0; o < c; o++) {
            if (r.nextInt(4) == 0) {
                andMask[o >>> 6] |= 1L << (o & 63);
            }
        }
        return andMask;
    }

    /** Small integers and halves, so many sums are exact and ties with the thresholds are common. */
    private static float[] values(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextInt(4) == 0 ? (float) r.nextGaussian() : (r.nextInt(9) - 4) / 2f;
        }
        return v;
    }

    private static float[] positive(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = 0.25f + r.nextInt(8) / 4f;
        }
        return v;
    }
}
