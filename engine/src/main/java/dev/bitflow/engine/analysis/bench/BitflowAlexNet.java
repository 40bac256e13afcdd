package dev.bitflow.engine.analysis.bench;

import dev.bitflow.engine.api.definition.BatchNormSpec;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.FlattenSpec;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.MaxPoolSpec;
import dev.bitflow.engine.api.definition.Padding;
import dev.bitflow.engine.api.definition.Precision;
import dev.bitflow.engine.api.definition.ScalingFactor;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.api.definition.SignSpec;
import java.util.List;

/**
 * BitFlow-AlexNet as sample-models/bitflow-alexnet.bitflow.json defines it (docs/ledger.md), for the standard
 * bench suite: single tower, 227x227x3 input, BN after conv/fc, float conv1 and fc8, binary conv2..conv5, fc6,
 * fc7; pools before BN.
 */
final class BitflowAlexNet {
    static final Shape INPUT = Shape.spatial(3, 227, 227);

    private BitflowAlexNet() {
    }

    static List<LayerSpec> layers() {
        return List.of(
                conv("conv1", 96, 11, 4, Padding.VALID, Precision.FLOAT),
                new MaxPoolSpec("pool1", 3, 2), bn("bn1"), new SignSpec("sign1"),
                conv("conv2", 256, 5, 1, Padding.zero(2), Precision.BINARY),
                new MaxPoolSpec("pool2", 3, 2), bn("bn2"), new SignSpec("sign2"),
                conv("conv3", 384, 3, 1, Padding.zero(1), Precision.BINARY), bn("bn3"), new SignSpec("sign3"),
                conv("conv4", 384, 3, 1, Padding.zero(1), Precision.BINARY), bn("bn4"), new SignSpec("sign4"),
                conv("conv5", 256, 3, 1, Padding.zero(1), Precision.BINARY),
                new MaxPoolSpec("pool5", 3, 2), bn("bn5"), new SignSpec("sign5"),
                new FlattenSpec("flatten"),
                dense("fc6", 4096, Precision.BINARY), bn("bn6"), new SignSpec("sign6"),
                dense("fc7", 4096, Precision.BINARY), bn("bn7"), new SignSpec("sign7"),
                dense("fc8", 1000, Precision.FLOAT));
    }

    private static Conv2dSpec conv(String name, int filters, int kernel, int stride, Padding padding, Precision p) {
        return new Conv2dSpec(name, filters, kernel, stride, padding, p,
                p == Precision.BINARY ? ScalingFactor.MEAN_ABS : ScalingFactor.NONE, true);
    }

    private static DenseSpec dense(String name, int units, Precision p) {
        return new DenseSpec(name, units, p, p == Precision.BINARY ? ScalingFactor.MEAN_ABS : ScalingFactor.NONE, true);
    }

    private static BatchNormSpec bn(String name) {
        return new BatchNormSpec(name, 1e-5, 0.9, true);
    }
}
