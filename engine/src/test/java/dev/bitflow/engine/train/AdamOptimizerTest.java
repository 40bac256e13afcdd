package dev.bitflow.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** The fused Adam update against the formula in double precision, including a step with a learning rate of 0. */
class AdamOptimizerTest {
    @Test
    void stepsFollowTheFormulaAndClipLatentWeights() {
        double[] w0 = {0.5, -0.25, 0.95, -0.999, 0.0};
        double[][] grads = {{0.1, -0.2, -3.0, 0.5, 1e-3}, {0.05, 0.3, -2.0, 0.4, -1e-3}, {-0.1, 0.0, -1.0, 0.2, 0.0},
                {0.2, 0.1, 0.5, -0.3, 0.0}};
        double[] lrs = {1e-2, 3e-2, 0.0, 2e-2};
        Parameter p = new Parameter("fc", "W", Nd4j.createFromArray(w0).castTo(DataType.FLOAT), true);
        AdamOptimizer adam = new AdamOptimizer();
        double[] w = w0.clone();
        double[] m = new double[w.length];
        double[] v = new double[w.length];
        for (int t = 1; t <= grads.length; t++) {
            p.gradient().assign(Nd4j.createFromArray(grads[t - 1]).castTo(DataType.FLOAT));
            adam.step(List.of(p), lrs[t - 1]);
            double rate = lrs[t - 1] * Math.sqrt(1 - Math.pow(AdamOptimizer.BETA2, t))
                    / (1 - Math.pow(AdamOptimizer.BETA1, t));
            for (int i = 0; i < w.length; i++) {
                double g = grads[t - 1][i];
                m[i] = AdamOptimizer.BETA1 * m[i] + (1 - AdamOptimizer.BETA1) * g;
                v[i] = AdamOptimizer.BETA2 * v[i] + (1 - AdamOptimizer.BETA2) * g * g;
                w[i] = Math.max(-1, Math.min(1, w[i] - rate * m[i] / (Math.sqrt(v[i]) + AdamOptimizer.EPSILON)));
            }
            double[] actual = p.value().castTo(DataType.DOUBLE).toDoubleVector();
            for (int i = 0; i < w.length; i++) {
                assertThat(actual[i]).as("step %d weight %d", t, i).isCloseTo(w[i], within(2e-6));
            }
        }
        // the moments travel in checkpoints: they are the formula's too
        var state = adam.exportState();
        float[] mState = state.get("adam/m/fc/W").data();
        float[] vState = state.get("adam/v/fc/W").data();
        for (int i = 0; i < w.length; i++) {
            assertThat((double) mState[i]).isCloseTo(m[i], within(1e-6));
            assertThat((double) vState[i]).isCloseTo(v[i], within(1e-6));
        }
    }

    @Test
    void aZeroLearningRateLeavesTheWeightsAlone() {
        Parameter p = new Parameter("fc", "W", Nd4j.createFromArray(0.5f, -0.5f), true);
        p.gradient().assign(Nd4j.createFromArray(1f, -1f));
        new AdamOptimizer().step(List.of(p), 0.0);
        assertThat(p.value().toFloatVector()).containsExactly(0.5f, -0.5f);
    }
}
