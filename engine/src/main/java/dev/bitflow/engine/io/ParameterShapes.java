package dev.bitflow.engine.io;

import dev.bitflow.engine.api.definition.BatchNormSpec;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DesignIssue;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.LayerShape;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.Severity;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.model.ParameterSet;
import dev.bitflow.engine.model.ShapeInference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parameters a definition's layers must have, with their shapes (the conventions of
 * {@link ParameterSet}), from the input shape of each layer as the definition's shape inference
 * ({@link ShapeInference}) finds it:
 * <ul>
 *   <li>conv2d: {@code W [filters, inChannels, k, k]}, {@code b [filters]} if it has a bias;</li>
 *   <li>dense (flat input of {@code n} values): {@code W [n, units]}, {@code b [units]} if it has a bias;</li>
 *   <li>batchnorm over {@code C} channels (features, for a flat input): {@code gamma, beta, mean, var [C]};
 *       {@code gamma} is optional when the definition fixes it to 1 ({@code learnGamma == false});</li>
 *   <li>every other layer (sign, relu, pooling, flatten, dropout, softmax) has no parameters.</li>
 * </ul>
 * A definition with a shape error (a design-check ERROR of shape inference) has no parameter shapes.
 */
public final class ParameterShapes {
    /** One expected parameter: its shape and whether a file must contain it. */
    public record Expected(int[] shape, boolean required) {
        public Expected {
            shape = shape.clone();
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }
    }

    /** A definition whose shapes do not work out, naming the layer. */
    public static final class ShapeException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        ShapeException(String message) {
            super(message);
        }
    }

    private ParameterShapes() {
    }

    /**
     * Layer name -> (parameter name -> expected shape), in layer order; layers without parameters are
     * left out.
     *
     * @throws ShapeException naming the layer where the shapes stop working
     */
    public static Map<String, Map<String, Expected>> of(NetworkDefinition definition) {
        List<DesignIssue> issues = new ArrayList<>();
        List<LayerShape> shapes = ShapeInference.infer(definition, issues);
        for (DesignIssue issue : issues) {
            if (issue.severity() == Severity.ERROR) {
                throw new ShapeException("layer '" + issue.layer() + "': " + issue.message());
            }
        }
        Map<String, Map<String, Expected>> out = new LinkedHashMap<>();
        for (int i = 0; i < shapes.size(); i++) {
            LayerSpec layer = definition.layers().get(i);
            Shape in = shapes.get(i).input();
            Map<String, Expected> params = new LinkedHashMap<>();
            if (layer instanceof Conv2dSpec c) {
                params.put(ParameterSet.WEIGHTS, new Expected(new int[] {c.filters(), in.channels(), c.kernel(),
                        c.kernel()}, true));
                if (c.bias()) {
                    params.put(ParameterSet.BIAS, new Expected(new int[] {c.filters()}, true));
                }
            } else if (layer instanceof DenseSpec d) {
                params.put(ParameterSet.WEIGHTS, new Expected(new int[] {in.channels(), d.units()}, true));
                if (d.bias()) {
                    params.put(ParameterSet.BIAS, new Expected(new int[] {d.units()}, true));
                }
            } else if (layer instanceof BatchNormSpec bn) {
                int[] c = {in.channels()};
                params.put(ParameterSet.GAMMA, new Expected(c, bn.learnGamma()));
                params.put(ParameterSet.BETA, new Expected(c, true));
                params.put(ParameterSet.MEAN, new Expected(c, true));
                params.put(ParameterSet.VAR, new Expected(c, true));
            }
            if (!params.isEmpty()) {
                out.put(layer.name(), Collections.unmodifiableMap(params));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * The value an optional parameter takes when a file leaves it out: a BatchNorm's fixed {@code gamma} is all ones;
     * empty for any other parameter.
     */
    public static java.util.Optional<dev.bitflow.engine.model.Tensor> defaultValue(LayerSpec layer, String param,
                                                                                 Expected expected) {
        if (layer instanceof BatchNormSpec && param.equals(ParameterSet.GAMMA) && !expected.required()) {
            float[] ones = new float[expected.shape()[0]];
            java.util.Arrays.fill(ones, 1f);
            return java.util.Optional.of(new dev.bitflow.engine.model.Tensor(expected.shape(), ones));
        }
        return java.util.Optional.empty();
    }
}
