package dev.bitflow.engine.reference;

import dev.bitflow.engine.fuse.ExactBnSign;
import java.util.Arrays;

/**
 * One BatchNorm layer in inference form, per channel c, as <em>the float network</em> computes it: the one
 * formula that the float reference path, the fused output layer, the fusion's thresholds, the tie bound and the
 * SF report all use.
 *
 * <pre>
 *   sigma_c = fl(sqrt(fl(var_c + eps_c)))                   once per channel
 *   z       = fl(fl(fl(gamma_c * fl(y - mean_c)) / sigma_c) + beta_c)
 * </pre>
 * Every {@code fl} is one IEEE-754 float32 operation rounded to nearest. {@code eps_c} is a float32: the
 * definition's epsilon (a double) rounded to float32, which is also what ND4J adds during training (an epsilon
 * below float32's smallest subnormal, 1.4e-45, becomes 0). The square root is computed in double and rounded
 * to float32; since double has more than {@code 2 * 24 + 2} bits, that double rounding equals the correctly
 * rounded float32 square root. Java never contracts the multiply and add into an FMA.
 *
 * <p>The steps are separate methods ({@link #centred}, {@link #scaled}, {@link #normalised}, {@link #shifted})
 * so that the tie bound ({@link TieBound}) can follow the very values the float network rounds;
 * {@link #apply} composes them.
 *
 * @param epsilon per channel, float32 (every channel of a trained model has the definition's epsilon; the SF
 *                report's rescaled variants have one per channel)
 * @param present whether the network really has this BatchNorm (false for the identity stand-in)
 */
public record BnParameters(String layer, float[] gamma, float[] beta, float[] mean, float[] var, float[] epsilon,
                           boolean present) {
    public BnParameters {
        int n = gamma.length;
        if (beta.length != n || mean.length != n || var.length != n || epsilon.length != n) {
            throw new IllegalArgumentException("batchnorm '" + layer + "': gamma, beta, mean, var, epsilon must have"
                    + " the same length");
        }
    }

    /** A BatchNorm of the model: every channel has the definition's {@code epsilon}, rounded to float32. */
    public static BnParameters of(String layer, float[] gamma, float[] beta, float[] mean, float[] var,
                                  double epsilon) {
        float[] eps = new float[gamma.length];
        Arrays.fill(eps, (float) epsilon);
        return new BnParameters(layer, gamma, beta, mean, var, eps, true);
    }

    /** {@code z = y} for {@code channels} channels (gamma 1, beta 0, mean 0, var 1, epsilon 0: sigma 1). */
    public static BnParameters identity(int channels) {
        float[] ones = new float[channels];
        Arrays.fill(ones, 1f);
        return new BnParameters("(none)", ones, new float[channels], new float[channels], ones.clone(),
                new float[channels], false);
    }

    public int channels() {
        return gamma.length;
    }

    /** sigma_c of the float network: {@code (float) sqrt(var + eps)} with the addition in float32. */
    public float sigma(int c) {
        return (float) Math.sqrt(var[c] + epsilon[c]);
    }

    /** Step 1: {@code fl(y - mean_c)}. */
    public float centred(int c, float y) {
        return y - mean[c];
    }

    /** Step 2: {@code fl(gamma_c * centred)}. */
    public float scaled(int c, float centred) {
        return gamma[c] * centred;
    }

    /** Step 3: {@code fl(scaled / sigma_c)}. */
    public static float normalised(float scaled, float sigma) {
        return scaled / sigma;
    }

    /** Step 4: {@code fl(normalised + beta_c)}. */
    public float shifted(int c, float normalised) {
        return normalised + beta[c];
    }

    /** z of channel c for the float32 value y, with {@code sigma = sigma(c)} computed once by the caller. */
    public float apply(int c, float sigma, float y) {
        return shifted(c, normalised(scaled(c, centred(c, y)), sigma));
    }

    /** z of channel c for the float32 value y. */
    public float apply(int c, float y) {
        return apply(c, sigma(c), y);
    }

    /**
     * BatchNorm's threshold on its input in double precision, {@code mean - beta * sigma / gamma} with the float
     * network's sigma ({@code z >= 0} iff {@code y >=} it for gamma &gt; 0, {@code y <=} it for gamma &lt; 0);
     * NaN for gamma == 0. An estimate: exact decisions use {@link ExactBnSign}.
     */
    public double threshold(int c) {
        if (gamma[c] == 0f) {
            return Double.NaN;
        }
        return mean[c] - (double) beta[c] * sigma(c) / gamma[c];
    }

    /** Channel c alone, as a one-channel BatchNorm (for exact thresholds of one channel). */
    public BnParameters channel(int c) {
        return new BnParameters(layer, new float[] {gamma[c]}, new float[] {beta[c]}, new float[] {mean[c]},
                new float[] {var[c]}, new float[] {epsilon[c]}, present);
    }
}
