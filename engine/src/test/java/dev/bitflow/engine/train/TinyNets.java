package dev.bitflow.engine.train;

import dev.bitflow.engine.api.definition.BatchNormSpec;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DatasetRef;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.DropoutSpec;
import dev.bitflow.engine.api.definition.FlattenSpec;
import dev.bitflow.engine.api.definition.LrSchedule;
import dev.bitflow.engine.api.definition.MaxPoolSpec;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.Normalization;
import dev.bitflow.engine.api.definition.Optimizer;
import dev.bitflow.engine.api.definition.Padding;
import dev.bitflow.engine.api.definition.Precision;
import dev.bitflow.engine.api.definition.ScalingFactor;
import dev.bitflow.engine.api.definition.ScheduleKind;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.api.definition.SignSpec;
import dev.bitflow.engine.api.definition.SoftmaxSpec;
import dev.bitflow.engine.api.definition.TrainingSpec;
import java.util.List;

/** Small BCNN definitions for fast tests (same structure as fashion-bcnn, fewer channels). */
final class TinyNets {
    private TinyNets() {
    }

    static NetworkDefinition miniBcnn(int epochs, long seed) {
        return new NetworkDefinition(1, "tiny-bcnn", "test", Shape.spatial(1, 28, 28), List.of(
                new Conv2dSpec("conv1", 16, 3, 1, Padding.zero(1), Precision.FLOAT, ScalingFactor.NONE, false),
                new MaxPoolSpec("pool1", 2, 2),
                new BatchNormSpec("bn1", 1e-5, 0.9, true),
                new SignSpec("sign1"),
                new Conv2dSpec("conv2", 32, 3, 1, Padding.zero(1), Precision.BINARY, ScalingFactor.MEAN_ABS, false),
                new MaxPoolSpec("pool2", 2, 2),
                new BatchNormSpec("bn2", 1e-5, 0.9, true),
                new SignSpec("sign2"),
                new FlattenSpec("flatten"),
                new DenseSpec("fc1", 64, Precision.BINARY, ScalingFactor.MEAN_ABS, false),
                new BatchNormSpec("bn3", 1e-5, 0.9, false),
                new SignSpec("sign3"),
                new DropoutSpec("drop", 0.1),
                new DenseSpec("fc2", 10, Precision.FLOAT, ScalingFactor.NONE, true),
                new SoftmaxSpec("softmax")),
                new TrainingSpec(Optimizer.ADAM, 3e-3, 0.9, new LrSchedule(ScheduleKind.ONE_CYCLE, 0, 1, 0.3), epochs,
                        64, seed, 0.1),
                new DatasetRef("fashion-mnist", List.of(), Normalization.MINUS_ONE_TO_ONE));
    }
}
