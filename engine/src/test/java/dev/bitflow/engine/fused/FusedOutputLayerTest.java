package dev.bitflow.engine.fused;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.engine.binary.PackedBits;
import dev.bitflow.engine.reference.BnParameters;
import java.util.SplittableRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/** The branch-free output layer against the one with a branch per input bit: the same float32 scores, bit for bit. */
class FusedOutputLayerTest {
    @RepeatedTest(60)
    void scoresEqualTheReference(RepetitionInfo info) {
        SplittableRandom r = new SplittableRandom(info.getCurrentRepetition());
        boolean flatten = r.nextBoolean();
        int c = 1 + r.nextInt(140);
        int h = flatten ? 1 + r.nextInt(4) : 1;
        int w = flatten ? 1 + r.nextInt(4) : 1;
        int inputs = c * h * w;
        int outputs = 1 + r.nextInt(r.nextBoolean() ? 20 : 40);
        float[] weights = new float[inputs * outputs];
        for (int i = 0; i < weights.length; i++) {
            int pick = r.nextInt(10);
            weights[i] = pick == 0 ? 0f : pick == 1 ? -0f : (float) r.nextGaussian();
        }
        float[] alpha = r.nextBoolean() ? values(r, outputs) : null;
        float[] bias = r.nextBoolean() ? values(r, outputs) : null;
        BnParameters bn = r.nextBoolean() ? new BnParameters("bn", values(r, outputs), values(r, outputs),
                values(r, outputs), positive(r, outputs), positive(r, outputs), true) : null;
        FusedOutputLayer layer = new FusedOutputLayer("out", inputs, outputs, weights, alpha, bias, bn, flatten);
        PackedBits in = PackedBits.zeros(c, h, w);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int k = 0; k < c; k++) {
                    in.set(y, x, k, r.nextBoolean());
                }
            }
        }
        float[] expected = layer.applyReference(in);
        assertThat(FusedOutputLayer.usesVectorApi()).isEqualTo(Boolean.getBoolean("bitflow.expectVectorKernel"));
        assertThat(layer.apply(in)).containsExactly(expected);
        float[] scores = new float[outputs + 5];
        layer.apply(in, scores, 3);
        assertThat(java.util.Arrays.copyOfRange(scores, 3, 3 + outputs)).containsExactly(expected);
    }

    private static float[] values(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    private static float[] positive(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = 0.01f + (float) r.nextDouble();
        }
        return v;
    }
}
