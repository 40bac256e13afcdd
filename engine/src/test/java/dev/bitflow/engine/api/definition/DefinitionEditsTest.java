package dev.bitflow.engine.api.definition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.engine.model.DefaultDefinitionService;
import org.junit.jupiter.api.Test;

/** The rules the CLI and the GUI share about a definition: K, the SF-off variant, hyperparameter overrides. */
class DefinitionEditsTest {
    private final NetworkDefinition bcnn = new DefaultDefinitionService().sample("fashion-bcnn");

    @Test
    void dotLengthIsKernelTimesKernelTimesInputChannelsOrTheDenseInputSize() {
        Conv2dSpec conv = new Conv2dSpec("c", 64, 3, 1, Padding.VALID, Precision.BINARY, ScalingFactor.MEAN_ABS, false);
        assertThat(conv.dotLength(Shape.spatial(32, 14, 14))).isEqualTo(288);
        assertThat(conv.outputChannels()).isEqualTo(64);
        DenseSpec dense = new DenseSpec("d", 10, Precision.BINARY, ScalingFactor.NONE, true);
        assertThat(dense.dotLength(Shape.flat(6272))).isEqualTo(6272);
        assertThat(dense.dotLength(Shape.spatial(128, 7, 7))).as("a dense layer reads every value").isEqualTo(6272);
        assertThat(dense.outputChannels()).isEqualTo(10);
        Conv2dSpec huge = new Conv2dSpec("h", 1, 11, 1, Padding.VALID, Precision.FLOAT, ScalingFactor.NONE, false);
        assertThat(huge.dotLength(Shape.spatial(Integer.MAX_VALUE, 1, 1))).as("no int overflow")
                .isEqualTo(121L * Integer.MAX_VALUE);
    }

    @Test
    void sfOffChangesTheScalingOfEveryBinaryWeightLayerAndNothingElse() {
        NetworkDefinition off = bcnn.withBinaryScaling(ScalingFactor.NONE);
        assertThat(off.layers()).hasSameSizeAs(bcnn.layers());
        int binary = 0;
        for (int i = 0; i < bcnn.layers().size(); i++) {
            LayerSpec before = bcnn.layers().get(i);
            LayerSpec after = off.layers().get(i);
            if (before instanceof WeightLayerSpec w && w.binaryWeights()) {
                binary++;
                assertThat(((WeightLayerSpec) after).scaling()).isEqualTo(ScalingFactor.NONE);
                assertThat(((WeightLayerSpec) after).withScaling(w.scaling())).isEqualTo(before);
            } else {
                assertThat(after).isEqualTo(before);
            }
        }
        assertThat(binary).as("conv2, conv3, fc1").isEqualTo(3);
        assertThat(off.withBinaryScaling(ScalingFactor.MEAN_ABS)).isEqualTo(bcnn);
        assertThat(off.training()).isEqualTo(bcnn.training());
    }

    @Test
    void hyperparameterOverridesChangeOnlyTheFieldsGiven() {
        TrainingSpec t = bcnn.training();
        assertThat(t.withOverrides(0.5, 7, 33, 99L, 0.25))
                .isEqualTo(new TrainingSpec(t.optimizer(), 0.5, t.momentum(), t.schedule(), 7, 33, 99, 0.25));
        assertThat(t.withOverrides(null, 3, null, null, null))
                .isEqualTo(new TrainingSpec(t.optimizer(), t.learningRate(), t.momentum(), t.schedule(), 3,
                        t.batchSize(), t.seed(), t.validationFraction()));
        assertThat(t.withOverrides(null, null, null, null, null)).isEqualTo(t);
    }
}
