package dev.bitflow.engine.binary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** Fast dense == reference dense == ND4J mmul on ±1 data; the threshold path; the sign-input last layer. */
class BinaryDenseTest {
    @Test
    void fastEqualsReferenceEqualsNd4jMmul() {
        Random r = new Random(42);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            BinaryDense one = new BinaryDense();
            BinaryDense three = new BinaryDense(3, pool);
            ReferenceBinaryDense ref = new ReferenceBinaryDense();
            for (int in : new int[] {1, 3, 63, 64, 65, 130, 1000}) {
                for (int out : new int[] {1, 2, 63, 65, 300}) {
                    float[] x = TestData.plusMinusOne(r, in);
                    float[] latent = TestData.latent(r, in * out);
                    PackedBits v = PackedBits.fromSignsVector(x);
                    PackedDenseWeights w = PackedDenseWeights.fromLatent(latent, in, out, null);
                    int[] expected = FloatOps.dense(x, TestData.signs(latent), in, out);
                    assertThat(ref.apply(v, w)).as("reference %d->%d", in, out).containsExactly(expected);
                    assertThat(one.apply(v, w)).as("fast %d->%d", in, out).containsExactly(expected);
                    assertThat(three.apply(v, w)).as("fast 3 threads %d->%d", in, out).containsExactly(expected);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The batched threshold on maps read in channel-major order (weights laid out for the NHWC map, no flattened copy)
     * equals the reference on each example's flattened copy: channel counts around the word size, outputs around the
     * Vector API kernel's 64-output blocks, batch sizes around its four examples per pass, constant outputs, the
     * Vector API kernel and the auto-vectorised loops (int rows and long words), one thread and three.
     */
    @Test
    void batchedThresholdOnNhwcMapsEqualsTheReferenceOnFlattenedCopies() {
        Random r = new Random(77);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            if (Boolean.getBoolean("bitflow.expectVectorKernel")) {
                assertThat(new BinaryDense().usesVectorApi()).as(BinaryDense.vectorKernelStatus()).isTrue();
            }
            assertThat(new BinaryDense(1, null, false).usesVectorApi()).isFalse();
            assertThat(new BinaryDense(1, null, false, PopcountLoop.INT_ROWS_FOUR_HALVES_PER_PASS).usesIntRows()).isTrue();
            assertThat(new BinaryDense(1, null, false, PopcountLoop.ONE_WORD_PER_PASS).usesIntRows()).isFalse();
            BinaryDense[] kernels = {new BinaryDense(), new BinaryDense(3, pool), new BinaryDense(1, null, false),
                new BinaryDense(3, pool, false),
                new BinaryDense(1, null, false, PopcountLoop.INT_ROWS_FOUR_HALVES_PER_PASS),
                new BinaryDense(1, null, false, PopcountLoop.ONE_WORD_PER_PASS)};
            ReferenceBinaryDense ref = new ReferenceBinaryDense();
            int[][] shapes = {{1, 1, 1}, {130, 1, 1}, {3, 5, 7}, {32, 3, 3}, {63, 2, 3}, {64, 3, 2}, {65, 2, 2},
                {128, 7, 7}, {200, 1, 2}};
            for (int[] shape : shapes) {
                for (int out : new int[] {1, 10, 63, 64, 65, 129, 256}) {
                    int in = shape[0] * shape[1] * shape[2];
                    PackedDenseWeights w = PackedDenseWeights.fromLatent(TestData.latent(r, in * out), in, out, null);
                    short[] shift = new short[out];
                    long[] constMask = new long[PackedBits.wordsFor(out)];
                    long[] constValue = new long[constMask.length];
                    for (int o = 0; o < out; o++) {
                        shift[o] = (short) (r.nextInt(2 * in + 3) - in - 1);
                        if (r.nextInt(10) == 0) {
                            constMask[o >>> 6] |= 1L << (o & 63);
                            constValue[o >>> 6] |= (long) r.nextInt(2) << (o & 63);
                        }
                    }
                    for (int batch : new int[] {1, 3, 4, 5, 9}) {
                        PackedBits[] maps = new PackedBits[batch];
                        PackedBits[] expected = new PackedBits[batch];
                        for (int e = 0; e < batch; e++) {
                            maps[e] = PackedBits.fromSignsChw(TestData.plusMinusOne(r, in), shape[0], shape[1], shape[2]);
                            int[] s = ref.apply(maps[e].flattenChannelMajor(), w);
                            expected[e] = ThresholdPacker.pack(s, 1, 1, out, shift, constMask, constValue);
                        }
                        DenseInputLayout layout = w.layoutFor(shape[0], shape[1], shape[2]);
                        for (BinaryDense kernel : kernels) {
                            PackedBits[] got = new PackedBits[batch];
                            kernel.applyThreshold(maps, batch, layout, shift, constMask, constValue, got);
                            assertThat(got).as("%s -> %d, batch %d, vector %s, int rows %s, threads %s",
                                    java.util.Arrays.toString(shape), out, batch, kernel.usesVectorApi(),
                                    kernel.usesIntRows(), kernel).containsExactly(expected);
                        }
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLayoutRejectsAnotherShape() {
        PackedDenseWeights w = PackedDenseWeights.fromLatent(new float[12 * 3], 12, 3, null);
        DenseInputLayout layout = w.layoutFor(3, 2, 2);
        PackedBits[] wrong = {PackedBits.zeros(12, 1, 1)};
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new BinaryDense().applyThreshold(wrong, 1, layout,
                new short[3], null, null, new PackedBits[1])).hasMessageContaining("3x2x2");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> w.layoutFor(5, 2, 2))
                .hasMessageContaining("not the 12 inputs");
    }

    @Test
    void negationAndPackedBitsRoundTrip() {
        Random r = new Random(5);
        float[] latent = TestData.latent(r, 130 * 7);
        boolean[] flip = {true, false, true, true, false, false, true};
        PackedDenseWeights w = PackedDenseWeights.fromLatent(latent, 130, 7, null);
        PackedDenseWeights n = w.negated(flip);
        assertThat(PackedDenseWeights.fromLatent(latent, 130, 7, flip).plainBits()).containsExactly(n.plainBits());
        assertThat(PackedDenseWeights.fromPlainBits(n.plainBits(), 130, 7).plainBits()).containsExactly(n.plainBits());
        PackedBits x = PackedBits.fromSignsVector(TestData.plusMinusOne(r, 130));
        int[] s = new BinaryDense().apply(x, w);
        int[] sn = new BinaryDense().apply(x, n);
        for (int o = 0; o < 7; o++) {
            assertThat(sn[o]).isEqualTo(flip[o] ? -s[o] : s[o]);
        }
    }

    @Test
    void denseLayerThresholdsAtTheShift() {
        Random r = new Random(9);
        PackedDenseWeights w = PackedDenseWeights.fromLatent(TestData.latent(r, 200 * 90), 200, 90, null);
        PackedBits x = PackedBits.fromSignsVector(TestData.plusMinusOne(r, 200));
        int[] s = new BinaryDense().apply(x, w);
        short[] shift = new short[90];
        for (int o = 0; o < 90; o++) {
            shift[o] = (short) (-s[o] + (o % 3) - 1); // s + B in {-1, 0, +1}: right at the boundary
        }
        PackedBits out = new BinaryDenseLayer(w, shift, null, null).apply(x);
        for (int o = 0; o < 90; o++) {
            assertThat(out.get(0, 0, o)).as("output %d", o).isEqualTo(o % 3 >= 1);
        }
    }

    @Test
    void signInputDenseEqualsNd4jMmulUpToRounding() {
        Random r = new Random(13);
        int in = 300;
        int out = 10;
        float[] x = TestData.plusMinusOne(r, in);
        float[] weights = new float[in * out];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) r.nextGaussian();
        }
        float[] bias = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        float[] y = new SignInputDense(weights, bias, in, out).apply(PackedBits.fromSignsVector(x));
        double[] expected = new double[out];
        for (int o = 0; o < out; o++) {
            expected[o] = bias[o];
            for (int i = 0; i < in; i++) {
                expected[o] += x[i] * (double) weights[i * out + o];
            }
            assertThat((double) y[o]).isCloseTo(expected[o], org.assertj.core.data.Offset.offset(1e-3));
        }
    }
}
