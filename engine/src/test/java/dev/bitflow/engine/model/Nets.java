package dev.bitflow.engine.model;

import dev.bitflow.engine.api.definition.AvgPoolSpec;
import dev.bitflow.engine.api.definition.BatchNormSpec;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DatasetRef;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.DropoutSpec;
import dev.bitflow.engine.api.definition.FlattenSpec;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.MaxPoolSpec;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.Normalization;
import dev.bitflow.engine.api.definition.Padding;
import dev.bitflow.engine.api.definition.PaddingMode;
import dev.bitflow.engine.api.definition.Precision;
import dev.bitflow.engine.api.definition.ReluSpec;
import dev.bitflow.engine.api.definition.ScalingFactor;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.api.definition.SignSpec;
import dev.bitflow.engine.api.definition.SoftmaxSpec;
import java.util.List;

/** Short constructors for test definitions. */
final class Nets {
    private Nets() {
    }

    static NetworkDefinition net(Shape input, LayerSpec... layers) {
        return new NetworkDefinition(1, "test", "", input, List.of(layers), DefaultDefinitionService.defaultTrainingSpec(),
                new DatasetRef("fashion-mnist", List.of(), Normalization.MINUS_ONE_TO_ONE));
    }

    static Conv2dSpec fconv(String n, int filters, int k, int stride, int pad) {
        return new Conv2dSpec(n, filters, k, stride, Padding.zero(pad), Precision.FLOAT, ScalingFactor.NONE, false);
    }

    static Conv2dSpec bconv(String n, int filters, int k, int stride, int pad) {
        return new Conv2dSpec(n, filters, k, stride, Padding.zero(pad), Precision.BINARY, ScalingFactor.MEAN_ABS, false);
    }

    static Conv2dSpec pmconv(String n, PaddingMode mode) {
        return new Conv2dSpec(n, 8, 3, 1, new Padding(mode, 1), Precision.BINARY, ScalingFactor.NONE, false);
    }

    static DenseSpec fdense(String n, int units) {
        return new DenseSpec(n, units, Precision.FLOAT, ScalingFactor.NONE, true);
    }

    static DenseSpec bdense(String n, int units) {
        return new DenseSpec(n, units, Precision.BINARY, ScalingFactor.MEAN_ABS, false);
    }

    static BatchNormSpec bn(String n) {
        return new BatchNormSpec(n, 1e-5, 0.9, true);
    }

    static SignSpec sign(String n) {
        return new SignSpec(n);
    }

    static ReluSpec relu(String n) {
        return new ReluSpec(n);
    }

    static MaxPoolSpec maxpool(String n, int size, int stride) {
        return new MaxPoolSpec(n, size, stride);
    }

    static AvgPoolSpec avgpool(String n, int size, int stride) {
        return new AvgPoolSpec(n, size, stride);
    }

    static FlattenSpec flatten(String n) {
        return new FlattenSpec(n);
    }

    static DropoutSpec dropout(String n) {
        return new DropoutSpec(n, 0.3);
    }

    static SoftmaxSpec softmax(String n) {
        return new SoftmaxSpec(n);
    }
}
