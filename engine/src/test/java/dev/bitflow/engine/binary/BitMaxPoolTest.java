package dev.bitflow.engine.binary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** OR/AND pooling == reference == ND4J max-pool on ±1 data (AND == -maxpool(-x)). */
class BitMaxPoolTest {
    @Test
    void orPoolingIsFloatMaxPoolAndAndPoolingIsMinusMaxPoolOfMinusX() {
        Random r = new Random(17);
        ReferenceBitMaxPool ref = new ReferenceBitMaxPool();
        for (int c : new int[] {1, 3, 63, 64, 65, 130}) {
            for (int size : new int[] {2, 3}) {
                for (int stride : new int[] {1, 2, 3}) {
                    int h = size + r.nextInt(7);
                    int w = size + r.nextInt(7);
                    float[] x = TestData.plusMinusOne(r, c * h * w);
                    PackedBits in = PackedBits.fromSignsChw(x, c, h, w);
                    float[] max = FloatOps.maxPool(x, c, h, w, size, stride);
                    float[] neg = new float[x.length];
                    for (int i = 0; i < x.length; i++) {
                        neg[i] = -x[i];
                    }
                    float[] minusMaxOfMinus = FloatOps.maxPool(neg, c, h, w, size, stride);
                    for (int i = 0; i < minusMaxOfMinus.length; i++) {
                        minusMaxOfMinus[i] = -minusMaxOfMinus[i];
                    }
                    long[] allAnd = new long[in.wordsPerPixel()];
                    long[] mixed = new long[in.wordsPerPixel()];
                    for (int ch = 0; ch < c; ch++) {
                        allAnd[ch >>> 6] |= 1L << (ch & 63);
                        if (ch % 3 == 0) {
                            mixed[ch >>> 6] |= 1L << (ch & 63);
                        }
                    }
                    String label = c + "x" + h + "x" + w + " pool " + size + "/" + stride;
                    assertThat(BitMaxPool.pool(in, size, stride, null).toPlusMinusOneChw()).as(label).containsExactly(max);
                    assertThat(ref.pool(in, size, stride, null).toPlusMinusOneChw()).as(label).containsExactly(max);
                    assertThat(BitMaxPool.pool(in, size, stride, allAnd).toPlusMinusOneChw()).as(label)
                            .containsExactly(minusMaxOfMinus);
                    PackedBits fastMixed = BitMaxPool.pool(in, size, stride, mixed);
                    assertThat(fastMixed).as(label).isEqualTo(ref.pool(in, size, stride, mixed));
                    float[] mixedFloat = fastMixed.toPlusMinusOneChw();
                    int plane = mixedFloat.length / c;
                    for (int i = 0; i < mixedFloat.length; i++) {
                        float want = (i / plane) % 3 == 0 ? minusMaxOfMinus[i] : max[i];
                        assertThat(mixedFloat[i]).as(label + " value " + i).isEqualTo(want);
                    }
                    assertThat(new BitMaxPoolLayer(size, stride, mixed).apply(in)).isEqualTo(fastMixed);
                }
            }
        }
    }

    @Test
    void thresholdThenOrEqualsMaxThenThresholdAndThresholdThenAndEqualsItForDecreasingTests() {
        // the exactness argument of pool-before-BN fusion, on integers
        Random r = new Random(23);
        for (int trial = 0; trial < 200; trial++) {
            int[] s = new int[9];
            for (int i = 0; i < 9; i++) {
                s[i] = r.nextInt(41) - 20;
            }
            int t = r.nextInt(41) - 20;
            int max = java.util.Arrays.stream(s).max().orElseThrow();
            boolean orOfTests = java.util.Arrays.stream(s).anyMatch(v -> v >= t);
            boolean andOfDecreasing = java.util.Arrays.stream(s).allMatch(v -> v <= t);
            assertThat(orOfTests).isEqualTo(max >= t);
            assertThat(andOfDecreasing).isEqualTo(max <= t);
        }
    }
}
