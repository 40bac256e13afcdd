package dev.bitflow.app.cli;

import dev.bitflow.engine.api.definition.BatchNormSpec;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.io.BfmReader;
import dev.bitflow.engine.io.BfmWriter;
import dev.bitflow.engine.model.ParameterSet;
import dev.bitflow.engine.model.Tensor;
import dev.bitflow.engine.model.TrainedNetwork;
import dev.bitflow.engine.reference.ScalingFactors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The trained sample model {@code fashion-bcnn.bfm} with hand-set BatchNorm, weight and bias values, written as a
 * new {@code .bfm} (test fixture for the float32 edges of fusion). Every edit works on a copy; the sample stays
 * as it is.
 */
final class CraftedModels {
    private NetworkDefinition definition;
    private final ParameterSet parameters = new ParameterSet();
    private final TrainedNetwork base;

    private CraftedModels(TrainedNetwork base) {
        this.base = base;
        this.definition = base.definition();
        base.parameters().asMap().forEach((layer, params) -> params.forEach((name, t) ->
                parameters.put(layer, name, new Tensor(t.shape(), t.data().clone()))));
    }

    /** The trained fashion-bcnn sample (conv1 first, conv2/conv3/fc1 binary with SF, bn1..bn4, fc2 output). */
    static CraftedModels fashionBcnn() {
        try {
            return new CraftedModels(BfmReader.readResource(CraftedModels.class.getClassLoader(),
                    "dev/bitflow/samples/fashion-bcnn.bfm").model());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private float[] data(String layer, String param) {
        return parameters.get(layer, param).data();
    }

    /** Every value of {@code layer/param} set to {@code value}. */
    CraftedModels set(String layer, String param, float value) {
        Arrays.fill(data(layer, param), value);
        return this;
    }

    /** Every value of {@code layer/param} multiplied by {@code factor} (in float32). */
    CraftedModels scale(String layer, String param, float factor) {
        float[] d = data(layer, param);
        for (int i = 0; i < d.length; i++) {
            d[i] *= factor;
        }
        return this;
    }

    /** Latent weights of a binary layer set to ±magnitude with their signs kept: alpha becomes magnitude. */
    CraftedModels weightMagnitude(String layer, float magnitude) {
        float[] d = data(layer, ParameterSet.WEIGHTS);
        for (int i = 0; i < d.length; i++) {
            d[i] = d[i] >= 0 ? magnitude : -magnitude;
        }
        return this;
    }

    /** Gives the conv layer {@code layer} a bias of {@code value} on every channel. */
    CraftedModels convBias(String layer, float value) {
        List<LayerSpec> layers = new ArrayList<>(definition.layers());
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof Conv2dSpec c && c.name().equals(layer)) {
                layers.set(i, new Conv2dSpec(c.name(), c.filters(), c.kernel(), c.stride(), c.padding(), c.weights(),
                        c.scaling(), true));
                float[] b = new float[c.filters()];
                Arrays.fill(b, value);
                parameters.put(layer, ParameterSet.BIAS, new Tensor(new int[] {c.filters()}, b));
            }
        }
        definition = definition.withLayers(layers);
        return this;
    }

    /** The definition's epsilon of BatchNorm {@code bn} ({@code "*"}: every BatchNorm). */
    CraftedModels epsilon(String bn, double epsilon) {
        List<LayerSpec> layers = new ArrayList<>(definition.layers());
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof BatchNormSpec b && (bn.equals("*") || b.name().equals(bn))) {
                layers.set(i, new BatchNormSpec(b.name(), epsilon, b.momentum(), b.learnGamma()));
            }
        }
        definition = definition.withLayers(layers);
        return this;
    }

    /**
     * Puts every channel of binary conv {@code layer}'s BatchNorm {@code bn} exactly on a float32 tie: beta = 0 and
     * mean = float32(alpha * t) for a small even t where that rounding went up (gamma &gt; 0) or down (gamma &lt; 0),
     * so the float network computes z = 0 (+1) at s = t while the exact value is just below 0 (-1).
     */
    CraftedModels meansOnFloat32Ties(String layer, String bn) {
        float[] w = data(layer, ParameterSet.WEIGHTS);
        float[] mean = data(bn, ParameterSet.MEAN);
        float[] alpha = ScalingFactors.convMeanAbs(w, mean.length);
        float[] gamma = data(bn, ParameterSet.GAMMA);
        float[] beta = data(bn, ParameterSet.BETA);
        for (int c = 0; c < mean.length; c++) {
            for (int t : new int[] {2, -2, 4, -4, 6, -6, 8, -8, 10, -10, 12, -12, 14, -14}) {
                double exact = (double) alpha[c] * t;
                float rounded = (float) exact;
                if ((gamma[c] > 0 && rounded > exact) || (gamma[c] < 0 && rounded < exact)) {
                    mean[c] = rounded;
                    beta[c] = 0f;
                    break;
                }
            }
        }
        return this;
    }

    Path write(Path file) {
        try {
            BfmWriter.write(file, new TrainedNetwork(definition, parameters, base.provenance()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
