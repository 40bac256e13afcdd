package dev.bitflow.engine.reference;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.definition.BatchNormSpec;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.Precision;
import dev.bitflow.engine.api.definition.ScalingFactor;
import dev.bitflow.engine.model.ParameterSet;
import dev.bitflow.engine.model.Tensor;
import java.util.Arrays;

/**
 * Reads and checks the parameters of one layer from a {@link ParameterSet}, following its conventions:
 * conv weights [out, in, kh, kw], dense [in, out], bias [out], BatchNorm gamma/beta/mean/var [channels].
 * For a binary layer, {@link #effectiveWeights} are {@code sign(latent)} (sign(0) = +1) and {@link #alpha}
 * is recomputed with {@link ScalingFactors} (null without SF); for a float layer they are the weights and
 * null. Bad shapes throw {@link BadInputException} naming layer and parameter.
 *
 * @param latent           the stored weights
 * @param effectiveWeights what the float path multiplies with
 * @param alpha            per-output scaling factor, or null
 * @param bias             per-output bias, or null
 */
public record LayerParameters(String layer, boolean binary, float[] latent, float[] effectiveWeights, float[] alpha,
                              float[] bias) {

    public static LayerParameters conv(Conv2dSpec c, int inChannels, ParameterSet params) {
        Tensor w = get(params, c.name(), ParameterSet.WEIGHTS);
        expectShape(c.name(), ParameterSet.WEIGHTS, w, c.filters(), inChannels, c.kernel(), c.kernel());
        boolean binary = c.weights() == Precision.BINARY;
        float[] alpha = binary && c.scaling() == ScalingFactor.MEAN_ABS
                ? ScalingFactors.convMeanAbs(w.data(), c.filters()) : null;
        return new LayerParameters(c.name(), binary, w.data(), binary ? ScalingFactors.signs(w.data()) : w.data(),
                alpha, bias(c.name(), c.bias(), c.filters(), params));
    }

    public static LayerParameters dense(DenseSpec d, int in, ParameterSet params) {
        Tensor w = get(params, d.name(), ParameterSet.WEIGHTS);
        expectShape(d.name(), ParameterSet.WEIGHTS, w, in, d.units());
        boolean binary = d.weights() == Precision.BINARY;
        float[] alpha = binary && d.scaling() == ScalingFactor.MEAN_ABS
                ? ScalingFactors.denseMeanAbs(w.data(), in, d.units()) : null;
        return new LayerParameters(d.name(), binary, w.data(), binary ? ScalingFactors.signs(w.data()) : w.data(),
                alpha, bias(d.name(), d.bias(), d.units(), params));
    }

    public static BnParameters batchNorm(BatchNormSpec bn, int channels, ParameterSet params) {
        Tensor gamma = params.find(bn.name(), ParameterSet.GAMMA).orElse(null);
        if (gamma == null && bn.learnGamma()) {
            throw new BadInputException("layer '" + bn.name() + "' has no parameter '" + ParameterSet.GAMMA + "'");
        }
        float[] g;
        if (gamma == null) {
            g = new float[channels];
            Arrays.fill(g, 1f);
        } else {
            expectShape(bn.name(), ParameterSet.GAMMA, gamma, channels);
            g = gamma.data();
        }
        Tensor beta = get(params, bn.name(), ParameterSet.BETA);
        Tensor mean = get(params, bn.name(), ParameterSet.MEAN);
        Tensor var = get(params, bn.name(), ParameterSet.VAR);
        expectShape(bn.name(), ParameterSet.BETA, beta, channels);
        expectShape(bn.name(), ParameterSet.MEAN, mean, channels);
        expectShape(bn.name(), ParameterSet.VAR, var, channels);
        return BnParameters.of(bn.name(), g, beta.data(), mean.data(), var.data(), bn.epsilon());
    }

    private static float[] bias(String layer, boolean has, int n, ParameterSet params) {
        if (!has) {
            return null;
        }
        Tensor b = get(params, layer, ParameterSet.BIAS);
        expectShape(layer, ParameterSet.BIAS, b, n);
        return b.data();
    }

    private static Tensor get(ParameterSet params, String layer, String param) {
        return params.find(layer, param).orElseThrow(() -> new BadInputException(
                "layer '" + layer + "' has no parameter '" + param + "'"));
    }

    private static void expectShape(String layer, String param, Tensor t, int... shape) {
        if (!Arrays.equals(t.shape(), shape)) {
            throw new BadInputException("layer '" + layer + "' parameter '" + param + "' has shape "
                    + Arrays.toString(t.shape()) + ", expected " + Arrays.toString(shape));
        }
    }
}
