package dev.bitflow.engine.io;

import dev.bitflow.engine.api.definition.BatchNormSpec;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DatasetRef;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.FlattenSpec;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.LrSchedule;
import dev.bitflow.engine.api.definition.MaxPoolSpec;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.Normalization;
import dev.bitflow.engine.api.definition.Optimizer;
import dev.bitflow.engine.api.definition.Padding;
import dev.bitflow.engine.api.definition.Precision;
import dev.bitflow.engine.api.definition.ScalingFactor;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.api.definition.SignSpec;
import dev.bitflow.engine.api.definition.SoftmaxSpec;
import dev.bitflow.engine.api.definition.TrainingSpec;
import dev.bitflow.engine.api.training.Provenance;
import dev.bitflow.engine.model.ParameterSet;
import dev.bitflow.engine.model.Tensor;
import dev.bitflow.engine.model.TrainedNetwork;
import java.util.List;
import java.util.Map;

/**
 * A tiny BCNN with fixed, formula-generated parameters: float conv 1->4 (3x3, pad 1, bias) on 1x6x6, BN,
 * sign, max-pool 2, binary conv 4->8 (3x3, zero pad 1, mean-abs SF), BN (gamma fixed), sign, flatten (72),
 * binary dense 72->5, BN, float dense 5->3 with bias, softmax.
 */
final class TinyModels {
    private TinyModels() {
    }

    static NetworkDefinition definition() {
        List<LayerSpec> layers = List.of(
                new Conv2dSpec("conv1", 4, 3, 1, Padding.zero(1), Precision.FLOAT, ScalingFactor.NONE, true),
                new BatchNormSpec("bn1", 1e-5, 0.9, true),
                new SignSpec("sign1"),
                new MaxPoolSpec("pool1", 2, 2),
                new Conv2dSpec("conv2", 8, 3, 1, Padding.zero(1), Precision.BINARY, ScalingFactor.MEAN_ABS, false),
                new BatchNormSpec("bn2", 1e-3, 0.9, false),
                new SignSpec("sign2"),
                new FlattenSpec("flatten"),
                new DenseSpec("fc1", 5, Precision.BINARY, ScalingFactor.MEAN_ABS, false),
                new BatchNormSpec("bn3", 1e-5, 0.9, true),
                new DenseSpec("out", 3, Precision.FLOAT, ScalingFactor.NONE, true),
                new SoftmaxSpec("softmax"));
        TrainingSpec training = new TrainingSpec(Optimizer.ADAM, 3e-3, 0.9, LrSchedule.CONSTANT, 2, 16, 7L, 0.1);
        DatasetRef data = new DatasetRef("fashion-mnist", List.of(6, 0, 2), Normalization.MINUS_ONE_TO_ONE);
        return new NetworkDefinition(NetworkDefinition.CURRENT_FORMAT_VERSION, "tiny-golden",
                "a tiny BCNN for model-file tests", Shape.spatial(1, 6, 6), layers, training, data);
    }

    /** Values {@code sin(seed + 0.37 i)} scaled: deterministic, varied in sign and size. */
    static Tensor tensor(int seed, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) Math.sin(seed + 0.37 * i);
        }
        return new Tensor(shape, v);
    }

    /** Positive values (for running variances). */
    static Tensor positive(int seed, int n) {
        float[] v = tensor(seed, n).data();
        for (int i = 0; i < n; i++) {
            v[i] = 0.05f + Math.abs(v[i]);
        }
        return new Tensor(new int[] {n}, v);
    }

    static ParameterSet parameters() {
        ParameterSet p = new ParameterSet();
        p.put("conv1", ParameterSet.WEIGHTS, tensor(1, 4, 1, 3, 3)).put("conv1", ParameterSet.BIAS, tensor(2, 4));
        bn(p, "bn1", 4, 10, true);
        p.put("conv2", ParameterSet.WEIGHTS, tensor(3, 8, 4, 3, 3));
        bn(p, "bn2", 8, 20, false);
        p.put("fc1", ParameterSet.WEIGHTS, tensor(4, 72, 5));
        bn(p, "bn3", 5, 30, true);
        p.put("out", ParameterSet.WEIGHTS, tensor(5, 5, 3)).put("out", ParameterSet.BIAS, tensor(6, 3));
        return p;
    }

    private static void bn(ParameterSet p, String layer, int c, int seed, boolean gamma) {
        if (gamma) {
            p.put(layer, ParameterSet.GAMMA, tensor(seed, c));
        }
        p.put(layer, ParameterSet.BETA, tensor(seed + 1, c));
        p.put(layer, ParameterSet.MEAN, tensor(seed + 2, c));
        p.put(layer, ParameterSet.VAR, positive(seed + 3, c));
    }

    static Provenance provenance() {
        return new Provenance(7L, "fashion-mnist[6,0,2]",
                "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0", 2,
                Map.of("testAccuracy", 0.8125, "trainLoss", 0.4375), "17.0.13 (Eclipse Adoptium)",
                "2026-11-26T08:30:00Z", "0.1.0-SNAPSHOT");
    }

    static TrainedNetwork model() {
        return new TrainedNetwork(definition(), parameters(), provenance());
    }
}
