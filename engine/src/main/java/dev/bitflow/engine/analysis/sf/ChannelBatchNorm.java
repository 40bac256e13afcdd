package dev.bitflow.engine.analysis.sf;

import dev.bitflow.engine.fuse.BnParameters;
import dev.bitflow.engine.fuse.TieBound;

/**
 * BatchNorm in inference form with one epsilon <em>per channel</em> (rescaling the statistics of channel c by
 * {@code 1/alpha_c} rescales its epsilon by {@code 1/alpha_c^2}, so a single layer epsilon no longer suffices).
 * {@link #apply} evaluates {@code z = ((gamma * (y - mean)) / sigma) + beta} with
 * {@code sigma = (float) sqrt(var + (float) eps)} in float32 in exactly the order of
 * {@link dev.bitflow.engine.fuse.FloatOps#batchNorm}, so with every epsilon equal to the layer's it is
 * bit-identical to the float reference path.
 */
record ChannelBatchNorm(String layer, float[] gamma, float[] beta, float[] mean, float[] var, double[] epsilon) {
    ChannelBatchNorm {
        int n = gamma.length;
        if (beta.length != n || mean.length != n || var.length != n || epsilon.length != n) {
            throw new IllegalArgumentException("batchnorm '" + layer + "': parameter lengths differ");
        }
    }

    /** The trained BatchNorm with its single epsilon on every channel. */
    static ChannelBatchNorm of(BnParameters bn) {
        double[] eps = new double[bn.channels()];
        java.util.Arrays.fill(eps, bn.epsilon());
        return new ChannelBatchNorm(bn.layer(), bn.gamma(), bn.beta(), bn.mean(), bn.var(), eps);
    }

    int channels() {
        return gamma.length;
    }

    /** sigma_c as the float path computes it. */
    float sigmaFloat(int c) {
        return (float) Math.sqrt(var[c] + (float) epsilon[c]);
    }

    /** sigma_c in double precision. */
    double sigmaDouble(int c) {
        return Math.sqrt((double) var[c] + epsilon[c]);
    }

    /** z of channel c for the float32 value y. */
    float apply(int c, float y) {
        return ((gamma[c] * (y - mean[c])) / sigmaFloat(c)) + beta[c];
    }

    /**
     * BatchNorm's threshold on its input, in double: {@code mean - beta * sigma / gamma} ({@code z >= 0} iff the
     * input is {@code >=} it for gamma &gt; 0, {@code <=} it for gamma &lt; 0); NaN for gamma == 0.
     */
    double threshold(int c) {
        if (gamma[c] == 0f) {
            return Double.NaN;
        }
        return mean[c] - beta[c] * sigmaDouble(c) / gamma[c];
    }

    /**
     * The float32 rounding tie bound of a pre-sign value of channel c at input y (bias b), the same formula as
     * {@link TieBound}: {@code 16 u (|gamma|/sigma (|y| + 2|b| + |mu|) + |beta|)}.
     */
    double tieBound(int c, float y, float b) {
        double m = Math.abs((double) gamma[c]) / sigmaDouble(c)
                * (Math.abs((double) y) + 2 * Math.abs((double) b) + Math.abs((double) mean[c])) + Math.abs((double) beta[c]);
        return TieBound.FACTOR * TieBound.UNIT_ROUNDOFF * m;
    }

    /** This BatchNorm's channel c as a one-channel {@link BnParameters}, for the exact integer threshold. */
    BnParameters channel(int c) {
        return new BnParameters(layer, new float[] {gamma[c]}, new float[] {beta[c]}, new float[] {mean[c]},
                new float[] {var[c]}, epsilon[c], true);
    }
}
