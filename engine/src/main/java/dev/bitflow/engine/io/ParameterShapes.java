package dev.bitflow.engine.io;

import dev.bitflow.engine.api.definition.AvgPoolSpec;
import dev.bitflow.engine.api.definition.BatchNormSpec;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.FlattenSpec;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.MaxPoolSpec;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.model.ParameterSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parameters a definition's layers must have, with their shapes, found by walking the shapes from
 * the input (the conventions of {@link ParameterSet}):
 * <ul>
 *   <li>conv2d: {@code W [filters, inChannels, k, k]}, {@code b [filters]} if it has a bias; output
 *       {@code (H + 2p - k) / s + 1} per side (floor);</li>
 *   <li>dense: {@code W [in, units]} where {@code in} is the size of its (flattened) input,
 *       {@code b [units]} if it has a bias;</li>
 *   <li>batchnorm over {@code C} channels (features, for a flat input): {@code gamma, beta, mean, var [C]};
 *       {@code gamma} is optional when the definition fixes it to 1 ({@code learnGamma == false});</li>
 *   <li>max/avg pool: output {@code (H - size) / stride + 1}; flatten: {@code C*H*W}; every other layer
 *       (sign, relu, dropout, softmax) has no parameters and keeps the shape.</li>
 * </ul>
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
        Map<String, Map<String, Expected>> out = new LinkedHashMap<>();
        Shape shape = definition.input();
        for (LayerSpec layer : definition.layers()) {
            Map<String, Expected> params = new LinkedHashMap<>();
            if (layer instanceof Conv2dSpec c) {
                requireSpatial(layer, shape);
                int pad = c.padding().amount();
                int oh = outSize(layer, shape.height(), c.kernel(), c.stride(), pad);
                int ow = outSize(layer, shape.width(), c.kernel(), c.stride(), pad);
                params.put(ParameterSet.WEIGHTS, new Expected(new int[] {c.filters(), shape.channels(), c.kernel(),
                        c.kernel()}, true));
                if (c.bias()) {
                    params.put(ParameterSet.BIAS, new Expected(new int[] {c.filters()}, true));
                }
                shape = Shape.spatial(c.filters(), oh, ow);
            } else if (layer instanceof DenseSpec d) {
                long in = shape.size();
                if (in > Integer.MAX_VALUE) {
                    throw new ShapeException("layer '" + layer.name() + "': input of " + in + " values is too large");
                }
                params.put(ParameterSet.WEIGHTS, new Expected(new int[] {(int) in, d.units()}, true));
                if (d.bias()) {
                    params.put(ParameterSet.BIAS, new Expected(new int[] {d.units()}, true));
                }
                shape = Shape.flat(d.units());
            } else if (layer instanceof BatchNormSpec bn) {
                int[] c = {shape.channels()};
                params.put(ParameterSet.GAMMA, new Expected(c, bn.learnGamma()));
                params.put(ParameterSet.BETA, new Expected(c, true));
                params.put(ParameterSet.MEAN, new Expected(c, true));
                params.put(ParameterSet.VAR, new Expected(c, true));
            } else if (layer instanceof MaxPoolSpec p) {
                shape = pool(layer, shape, p.size(), p.stride());
            } else if (layer instanceof AvgPoolSpec p) {
                shape = pool(layer, shape, p.size(), p.stride());
            } else if (layer instanceof FlattenSpec) {
                shape = Shape.flat((int) shape.size());
            }
            if (!params.isEmpty()) {
                out.put(layer.name(), Collections.unmodifiableMap(params));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private static Shape pool(LayerSpec layer, Shape in, int size, int stride) {
        requireSpatial(layer, in);
        return Shape.spatial(in.channels(), outSize(layer, in.height(), size, stride, 0),
                outSize(layer, in.width(), size, stride, 0));
    }

    private static void requireSpatial(LayerSpec layer, Shape in) {
        if (in.flat()) {
            throw new ShapeException("layer '" + layer.name() + "' (" + layer.type() + ") needs a spatial input, got a flat "
                    + in);
        }
    }

    private static int outSize(LayerSpec layer, int in, int window, int stride, int pad) {
        if (window < 1 || stride < 1) {
            throw new ShapeException("layer '" + layer.name() + "': window " + window + " and stride " + stride
                    + " must be positive");
        }
        int span = in + 2 * pad - window;
        if (span < 0) {
            throw new ShapeException("layer '" + layer.name() + "': window " + window + " is larger than its input "
                    + in + (pad > 0 ? " + 2 x padding " + pad : ""));
        }
        return span / stride + 1;
    }
}
