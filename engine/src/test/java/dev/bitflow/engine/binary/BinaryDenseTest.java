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
