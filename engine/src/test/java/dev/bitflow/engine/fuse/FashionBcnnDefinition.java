package dev.bitflow.engine.fuse;

import dev.bitflow.engine.api.definition.BatchNormSpec;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DatasetRef;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.FlattenSpec;
import dev.bitflow.engine.api.definition.MaxPoolSpec;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.Normalization;
import dev.bitflow.engine.api.definition.Padding;
import dev.bitflow.engine.api.definition.Precision;
import dev.bitflow.engine.api.definition.ScalingFactor;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.api.definition.SignSpec;
import dev.bitflow.engine.api.definition.SoftmaxSpec;
import java.util.List;

/** The layers of sample-models/fashion-bcnn.bitflow.json, built in code for engine tests. */
final class FashionBcnnDefinition {
    private FashionBcnnDefinition() {
    }

    static NetworkDefinition create() {
        return new NetworkDefinition(NetworkDefinition.CURRENT_FORMAT_VERSION, "fashion-bcnn", "test copy",
                Shape.spatial(1, 28, 28), List.of(
                new Conv2dSpec("conv1", 32, 3, 1, Padding.zero(1), Precision.FLOAT, ScalingFactor.NONE, false),
                new MaxPoolSpec("pool1", 2, 2), bn("bn1"), new SignSpec("sign1"),
                new Conv2dSpec("conv2", 64, 3, 1, Padding.zero(1), Precision.BINARY, ScalingFactor.MEAN_ABS, false),
                new MaxPoolSpec("pool2", 2, 2), bn("bn2"), new SignSpec("sign2"),
                new Conv2dSpec("conv3", 128, 3, 1, Padding.zero(1), Precision.BINARY, ScalingFactor.MEAN_ABS, false),
                bn("bn3"), new SignSpec("sign3"), new FlattenSpec("flatten"),
                new DenseSpec("fc1", 256, Precision.BINARY, ScalingFactor.MEAN_ABS, false), bn("bn4"),
                new SignSpec("sign4"),
                new DenseSpec("fc2", 10, Precision.FLOAT, ScalingFactor.NONE, true), new SoftmaxSpec("softmax")),
                RandomNetworks.TRAINING, new DatasetRef("fashion-mnist", List.of(), Normalization.MINUS_ONE_TO_ONE));
    }

    private static BatchNormSpec bn(String name) {
        return new BatchNormSpec(name, 1e-5, 0.9, true);
    }
}
