package dev.bitflow.app.viewmodel.editor;

import dev.bitflow.engine.api.definition.AvgPoolSpec;
import dev.bitflow.engine.api.definition.BatchNormSpec;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.DropoutSpec;
import dev.bitflow.engine.api.definition.FlattenSpec;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.MaxPoolSpec;
import dev.bitflow.engine.api.definition.Padding;
import dev.bitflow.engine.api.definition.Precision;
import dev.bitflow.engine.api.definition.ReluSpec;
import dev.bitflow.engine.api.definition.ScalingFactor;
import dev.bitflow.engine.api.definition.SignSpec;
import dev.bitflow.engine.api.definition.SoftmaxSpec;
import dev.bitflow.engine.api.definition.WeightLayerSpec;
import java.util.function.Function;

/**
 * The entries of the editor's palette: what a new layer of each kind looks like. Binary convolutions and
 * dense layers start with mean-abs scaling and no bias (BatchNorm follows them); float ones with a bias.
 */
public enum LayerKind {
    CONV_FLOAT("Conv 2D (float)", "conv", "3x3 float convolution, 32 filters, zero padding 1",
            n -> new Conv2dSpec(n, 32, 3, 1, Padding.zero(1), Precision.FLOAT, ScalingFactor.NONE, true)),
    CONV_BINARY("Conv 2D (binary)", "bconv", "3x3 binary convolution (XNOR + popcount), 64 filters, mean-abs SF",
            n -> new Conv2dSpec(n, 64, 3, 1, Padding.zero(1), Precision.BINARY, ScalingFactor.MEAN_ABS, false)),
    DENSE_FLOAT("Dense (float)", "fc", "Fully connected float layer, 10 units",
            n -> new DenseSpec(n, 10, Precision.FLOAT, ScalingFactor.NONE, true)),
    DENSE_BINARY("Dense (binary)", "bfc", "Fully connected binary layer, 256 units, mean-abs SF",
            n -> new DenseSpec(n, 256, Precision.BINARY, ScalingFactor.MEAN_ABS, false)),
    BATCHNORM("BatchNorm", "bn", "Batch normalisation per channel (learns gamma and beta)",
            n -> new BatchNormSpec(n, 1e-5, 0.9, true)),
    SIGN("Sign", "sign", "Binary activation sign(x), straight-through gradient",
            SignSpec::new),
    RELU("ReLU", "relu", "max(0, x): for float baselines, not part of a BCNN",
            ReluSpec::new),
    MAXPOOL("Max pool", "pool", "2x2 max pooling, stride 2 (an OR on binary data)",
            n -> new MaxPoolSpec(n, 2, 2)),
    AVGPOOL("Average pool", "avgpool", "2x2 average pooling, stride 2",
            n -> new AvgPoolSpec(n, 2, 2)),
    FLATTEN("Flatten", "flatten", "Flattens channels x height x width into a vector",
            FlattenSpec::new),
    DROPOUT("Dropout", "dropout", "Drops 20% of the values while training",
            n -> new DropoutSpec(n, 0.2)),
    SOFTMAX("Softmax output", "softmax", "Softmax over the classes, trained with cross-entropy",
            SoftmaxSpec::new);

    private final String label;
    private final String namePrefix;
    private final String description;
    private final Function<String, LayerSpec> factory;

    LayerKind(String label, String namePrefix, String description, Function<String, LayerSpec> factory) {
        this.label = label;
        this.namePrefix = namePrefix;
        this.description = description;
        this.factory = factory;
    }

    public String label() {
        return label;
    }

    public String description() {
        return description;
    }

    public String namePrefix() {
        return namePrefix;
    }

    /** A new layer of this kind with the given name. */
    public LayerSpec create(String name) {
        return factory.apply(name);
    }

    /** The palette kind a layer belongs to (for its icon). */
    public static LayerKind of(LayerSpec spec) {
        boolean binary = spec instanceof WeightLayerSpec w && w.binaryWeights();
        return switch (spec.type()) {
            case CONV2D -> binary ? CONV_BINARY : CONV_FLOAT;
            case DENSE -> binary ? DENSE_BINARY : DENSE_FLOAT;
            case BATCHNORM -> BATCHNORM;
            case SIGN -> SIGN;
            case RELU -> RELU;
            case MAXPOOL -> MAXPOOL;
            case AVGPOOL -> AVGPOOL;
            case FLATTEN -> FLATTEN;
            case DROPOUT -> DROPOUT;
            case SOFTMAX -> SOFTMAX;
        };
    }

    /** How many layers of {@code definition} have binary weights (conv or dense). */
    public static long binaryLayers(dev.bitflow.engine.api.definition.NetworkDefinition definition) {
        return definition.layers().stream().map(LayerKind::of).filter(k -> k == CONV_BINARY || k == DENSE_BINARY).count();
    }
}
