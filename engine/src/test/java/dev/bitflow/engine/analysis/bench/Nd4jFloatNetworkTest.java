package dev.bitflow.engine.analysis.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.engine.api.definition.BatchNormSpec;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.FlattenSpec;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.MaxPoolSpec;
import dev.bitflow.engine.api.definition.Padding;
import dev.bitflow.engine.api.definition.PaddingMode;
import dev.bitflow.engine.api.definition.Precision;
import dev.bitflow.engine.api.definition.ReluSpec;
import dev.bitflow.engine.api.definition.ScalingFactor;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.api.definition.SoftmaxSpec;
import dev.bitflow.engine.data.LabeledData;
import dev.bitflow.engine.fuse.RandomNetworks;
import dev.bitflow.engine.model.TrainedNetwork;
import dev.bitflow.engine.reference.FloatReferenceForward;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The bench's float side on ND4J (channels-last feature maps, dense rows reordered for the NHWC flatten) computes
 * the definition's network: its scores equal the float reference path's within float32 rounding on a float network
 * with a three-channel input, biases, BatchNorm on maps and vectors, pools and a flatten of a many-channel map, and
 * its predictions on a random BCNN agree with the reference's on all but threshold ties.
 */
class Nd4jFloatNetworkTest {
    private static BatchNormSpec bn(String name) {
        return new BatchNormSpec(name, 1e-5, 0.9, true);
    }

    @Test
    void aFloatNetworkGivesTheReferenceScoresWithItsMapsChannelsLast() {
        List<LayerSpec> layers = List.of(
                new Conv2dSpec("conv1", 12, 3, 1, Padding.zero(1), Precision.FLOAT, ScalingFactor.NONE, true),
                bn("bn1"), new ReluSpec("relu1"), new MaxPoolSpec("pool1", 2, 2),
                new Conv2dSpec("conv2", 7, 3, 2, Padding.VALID, Precision.FLOAT, ScalingFactor.NONE, false),
                bn("bn2"), new ReluSpec("relu2"), new FlattenSpec("flat"),
                new DenseSpec("fc3", 9, Precision.FLOAT, ScalingFactor.NONE, true), bn("bn3"), new ReluSpec("relu3"),
                new DenseSpec("fc4", 5, Precision.FLOAT, ScalingFactor.NONE, true), new SoftmaxSpec("softmax"));
        Shape input = Shape.spatial(3, 14, 11);
        TrainedNetwork net = RandomNetworks.randomize(RandomNetworks.definition("float-rgb", input, layers), 7);
        LabeledData data = RandomNetworks.randomData(input, 23, 5, 11);
        FloatReferenceForward reference = new FloatReferenceForward(net);
        Nd4jFloatNetwork nd4j = new Nd4jFloatNetwork(net);

        List<INDArray> batches = nd4j.batches(data, 23, 10);
        assertThat(batches).extracting(b -> b.size(0)).containsExactly(10L, 10L, 3L);
        float[] x = new float[data.exampleSize()];
        int e = 0;
        for (INDArray batch : batches) {
            INDArray scores = nd4j.scores(batch);
            for (int i = 0; i < batch.size(0); i++, e++) {
                data.copyExample(e, x, 0);
                float[] expected = reference.forward(x).logits();
                for (int k = 0; k < expected.length; k++) {
                    assertThat(scores.getFloat(i, k)).as("example %d score %d", e, k)
                            .isCloseTo(expected[k], org.assertj.core.data.Offset.offset(1e-3f * (1 + Math.abs(expected[k]))));
                }
            }
        }
    }

    @Test
    void aRandomBcnnPredictsAsTheReferenceDoes() {
        TrainedNetwork net = RandomNetworks.randomize(RandomNetworks.convNet(PaddingMode.ZERO), 3);
        LabeledData data = RandomNetworks.randomData(net.definition().input(), 200, 10, 5);
        FloatReferenceForward reference = new FloatReferenceForward(net);
        Nd4jFloatNetwork nd4j = new Nd4jFloatNetwork(net);
        int[] predicted = nd4j.predict(nd4j.batches(data, 200, 64));
        float[] x = new float[data.exampleSize()];
        int agree = 0;
        for (int e = 0; e < 200; e++) {
            data.copyExample(e, x, 0);
            agree += reference.forward(x).prediction() == predicted[e] ? 1 : 0;
        }
        // A value on a sign threshold may round either way in oneDNN's order of operations.
        assertThat(agree).as("predictions that agree of 200").isGreaterThanOrEqualTo(194);
    }

    @Test
    void denseRowsFollowTheChannelsLastFlatten() {
        Shape map = Shape.spatial(2, 2, 3); // c, h, w
        int units = 2;
        float[] w = new float[12 * units];
        for (int row = 0; row < 12; row++) {
            w[row * units] = row;
            w[row * units + 1] = 100 + row;
        }
        float[] out = Nd4jFloatNetwork.rowsInChannelsLastOrder(w, map, units);
        // NHWC row (y * w + x) * c + ch holds the definition's row ch * h * w + y * w + x.
        float[] firstColumn = new float[12];
        for (int row = 0; row < 12; row++) {
            firstColumn[row] = out[row * units];
            assertThat(out[row * units + 1]).isEqualTo(100 + out[row * units]);
        }
        assertThat(firstColumn).containsExactly(0, 6, 1, 7, 2, 8, 3, 9, 4, 10, 5, 11);
    }
}
