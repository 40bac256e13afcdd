package dev.bitflow.engine.reference;

/**
 * The XNOR-Net scaling factor and binarisation of latent weights, computed one way for the float path and
 * the fusion alike (ParameterSet convention: alpha is recomputed, never stored).
 *
 * <p>{@code alpha_c = (float) (sum |w| over filter c, summed in double in storage order) / n_c)}: one
 * float32 value per channel, so both paths multiply by the same number. Binary weight: {@code sign(w)} with
 * sign(0) = +1.
 */
public final class ScalingFactors {
    private ScalingFactors() {
    }

    /** Per-output-channel alpha of conv weights [out, in, kh, kw]. */
    public static float[] convMeanAbs(float[] w, int outChannels) {
        int per = w.length / outChannels;
        float[] alpha = new float[outChannels];
        for (int o = 0; o < outChannels; o++) {
            double sum = 0;
            for (int i = 0; i < per; i++) {
                sum += Math.abs((double) w[o * per + i]);
            }
            alpha[o] = (float) (sum / per);
        }
        return alpha;
    }

    /** Per-output alpha of dense weights [in, out]. */
    public static float[] denseMeanAbs(float[] w, int in, int out) {
        float[] alpha = new float[out];
        for (int j = 0; j < out; j++) {
            double sum = 0;
            for (int i = 0; i < in; i++) {
                sum += Math.abs((double) w[i * out + j]);
            }
            alpha[j] = (float) (sum / in);
        }
        return alpha;
    }

    /** {@code sign(w)} as ±1 floats, sign(0) = +1. */
    public static float[] signs(float[] w) {
        float[] s = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            s[i] = w[i] >= 0f ? 1f : -1f;
        }
        return s;
    }
}
