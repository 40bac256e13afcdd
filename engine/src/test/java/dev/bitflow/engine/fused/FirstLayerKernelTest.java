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
        FusedFirstLayer layer = layer(true, inC, h, w, outC, k, stride, padding, weights, alpha, bias,
                threshold(r, outC, probe.preThreshold(x)), pools(r, outC));
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
        for (Loop loop : Loop.values()) {
            FirstLayerKernel kernel = new FirstLayerKernel(layer, loop);
            if (loop == Loop.PLANES) {
                assertThat(kernel.loop()).isEqualTo(buffered ? Loop.PLANES : Loop.SCALAR);
            }
            assertThat(kernel.threshold(x)).as(kernel.loopStatus()).isEqualTo(expected);
            assertThat(kernel.threshold(batch, x.length + 3)).as(kernel.loopStatus()).isEqualTo(expected);
        }
        assertThat(layer.apply(x)).isEqualTo(layer.applyReference(x));
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

    private static List<BitMaxPoolLayer> pools(SplittableRandom r, int c) {
        if (r.nextBoolean()) {
            return List.of();
        }
        long[] andMask = new long[PackedBits.wordsFor(c)];
        for (int o = 0; o < c; o++) {
            if (r.nextInt(4) == 0) {
                andMask[o >>> 6] |= 1L << (o & 63);
            }
        }
        return List.of(new BitMaxPoolLayer(1, 1, andMask));
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
