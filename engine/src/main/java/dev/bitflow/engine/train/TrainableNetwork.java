package dev.bitflow.engine.train;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.definition.AvgPoolSpec;
import dev.bitflow.engine.api.definition.BatchNormSpec;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.DropoutSpec;
import dev.bitflow.engine.api.definition.FlattenSpec;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.MaxPoolSpec;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.ReluSpec;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.api.definition.SignSpec;
import dev.bitflow.engine.api.definition.SoftmaxSpec;
import dev.bitflow.engine.model.ParameterSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The layers of a {@link NetworkDefinition} as trainable ND4J layers, in order. The definition must end
 * with a {@code softmax} layer, which becomes the loss ({@link SoftmaxCrossEntropy}); {@link #forward}
 * returns the logits before it. Weights are initialised from {@code seed} in plain Java.
 */
final class TrainableNetwork {
    private final NetworkDefinition definition;
    private final List<TrainLayer> layers;
    private final DataType dataType;

    TrainableNetwork(NetworkDefinition definition, DataType dataType, long seed) {
        this(definition, dataType, seed, SignFunction.SIGN);
    }

    TrainableNetwork(NetworkDefinition definition, DataType dataType, long seed, SignFunction sign) {
        this.definition = definition;
        this.dataType = dataType;
        this.layers = build(definition, dataType, new SplittableRandom(seed), sign);
    }

    private static List<TrainLayer> build(NetworkDefinition def, DataType type, SplittableRandom random,
                                          SignFunction sign) {
        List<TrainLayer> result = new ArrayList<>();
        Shape shape = def.input();
        List<LayerSpec> specs = def.layers();
        if (specs.isEmpty() || !(specs.get(specs.size() - 1) instanceof SoftmaxSpec)) {
            throw new BadInputException("definition '" + def.name() + "': the last layer must be softmax to train it");
        }
        for (int i = 0; i < specs.size() - 1; i++) {
            LayerSpec spec = specs.get(i);
            TrainLayer layer;
            try {
                layer = create(spec, shape, type, random, sign, i);
            } catch (IllegalArgumentException e) {
                throw new BadInputException("definition '" + def.name() + "': " + e.getMessage(), e);
            }
            result.add(layer);
            shape = layer.outputShape();
        }
        if (!shape.flat()) {
            throw new BadInputException("definition '" + def.name() + "': softmax needs a flat input, got " + shape);
        }
        return Collections.unmodifiableList(result);
    }

    private static TrainLayer create(LayerSpec spec, Shape in, DataType type, SplittableRandom random,
                                     SignFunction sign, int index) {
        if (spec instanceof Conv2dSpec c) {
            if (in.flat()) {
                throw new IllegalArgumentException("layer '" + c.name() + "': conv2d needs a spatial input, got " + in);
            }
            return new Conv2dLayer(c, in, type, random, sign);
        } else if (spec instanceof DenseSpec d) {
            return new DenseLayer(d, in, type, random, sign);
        } else if (spec instanceof BatchNormSpec b) {
            return new BatchNormLayer(b, in, type);
        } else if (spec instanceof SignSpec s) {
            return new SignLayer(s.name(), in, sign);
        } else if (spec instanceof ReluSpec r) {
            return new ReluLayer(r.name(), in);
        } else if (spec instanceof MaxPoolSpec m) {
            return new PoolLayer(m.name(), PoolLayer.Kind.MAX, m.size(), m.stride(), in);
        } else if (spec instanceof AvgPoolSpec a) {
            return new PoolLayer(a.name(), PoolLayer.Kind.AVG, a.size(), a.stride(), in);
        } else if (spec instanceof FlattenSpec f) {
            return new FlattenLayer(f.name(), in);
        } else if (spec instanceof DropoutSpec d) {
            return new DropoutLayer(d.name(), in, d.rate(), index);
        } else if (spec instanceof SoftmaxSpec s) {
            throw new IllegalArgumentException("layer '" + s.name() + "': softmax is only allowed as the last layer");
        }
        throw new IllegalArgumentException("layer '" + spec.name() + "': type '" + spec.type()
                + "' is not supported in training");
    }

    NetworkDefinition definition() {
        return definition;
    }

    DataType dataType() {
        return dataType;
    }

    List<TrainLayer> layers() {
        return layers;
    }

    INDArray forward(INDArray x, Pass pass) {
        INDArray a = x;
        for (TrainLayer layer : layers) {
            a = layer.forward(a, pass);
        }
        return a;
    }

    /** Back-propagates the gradient of the logits, filling every parameter's gradient. */
    void backward(INDArray gradLogits) {
        INDArray g = gradLogits;
        for (int i = layers.size() - 1; i >= 0; i--) {
            g = layers.get(i).backward(g);
        }
    }

    /**
     * Runs a forward pass checking each layer's output and returns the first layer that produced NaN or
     * Inf, if any.
     */
    Optional<String> firstNonFiniteLayer(INDArray x, Pass pass) {
        INDArray a = x;
        for (TrainLayer layer : layers) {
            a = layer.forward(a, pass);
            if (!isFinite(a)) {
                return Optional.of(layer.name());
            }
        }
        return Optional.empty();
    }

    static boolean isFinite(INDArray a) {
        double s = a.sumNumber().doubleValue();
        if (Double.isFinite(s)) {
            return true;
        }
        return !(a.isNaN().any() || a.isInfinite().any());
    }

    List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        for (TrainLayer layer : layers) {
            all.addAll(layer.parameters());
        }
        return all;
    }

    /** The +1 rate of each sign layer's last forward pass, by layer name. */
    Map<String, Double> plusOneRates() {
        Map<String, Double> rates = new LinkedHashMap<>();
        for (TrainLayer layer : layers) {
            if (layer instanceof SignLayer s) {
                rates.put(s.name(), s.plusOneRate());
            }
        }
        return rates;
    }

    ParameterSet exportParameters() {
        ParameterSet set = new ParameterSet();
        for (TrainLayer layer : layers) {
            layer.exportTo(set);
        }
        return set;
    }

    void importParameters(ParameterSet set) {
        for (TrainLayer layer : layers) {
            layer.importFrom(set);
        }
    }
}
