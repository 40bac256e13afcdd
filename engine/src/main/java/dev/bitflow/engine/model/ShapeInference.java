package dev.bitflow.engine.model;

import dev.bitflow.engine.api.definition.AvgPoolSpec;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.DesignIssue;
import dev.bitflow.engine.api.definition.FlattenSpec;
import dev.bitflow.engine.api.definition.LayerShape;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.MaxPoolSpec;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.Severity;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.api.definition.SignSpec;
import dev.bitflow.engine.api.definition.SoftmaxSpec;
import dev.bitflow.engine.api.definition.TensorSize;
import java.util.ArrayList;
import java.util.List;

/**
 * Shape inference, one rule per layer type (shapes exclude the batch dimension):
 * <ul>
 *   <li>{@code conv2d}: spatial input C x H x W; with kernel k, stride s, padding p:
 *       {@code H' = floor((H + 2p - k) / s) + 1} (same for W), output {@code filters x H' x W'}.
 *       Error if the input is flat or {@code k > H + 2p} (or W).</li>
 *   <li>{@code maxpool}/{@code avgpool}: spatial input, no padding: {@code H' = floor((H - size) / stride) + 1};
 *       error if the input is flat or {@code size > H} (or W).</li>
 *   <li>{@code dense}: flat input of n values -> flat {@code units}. A spatial input is an error: dense does
 *       <em>not</em> flatten implicitly; put a {@code flatten} layer before it (docs/decisions/0002).</li>
 *   <li>{@code flatten}: C x H x W -> flat C*H*W, channel-major (c, y, x).</li>
 *   <li>{@code batchnorm}, {@code sign}, {@code relu}, {@code dropout}: shape unchanged (BatchNorm has one
 *       channel per C of a spatial input, per value of a flat input).</li>
 *   <li>{@code softmax}: flat input, shape unchanged; a spatial input is an error.</li>
 * </ul>
 * When a stride does not tile the (padded) input exactly, the last rows/columns are unused; that is
 * reported as INFO {@code UNEVEN_STRIDE}. After a shape error, later shapes are unknown ({@code null}).
 *
 * <p>Sizes no kernel can index are errors: an input ({@code INPUT_TOO_LARGE}), a layer's output
 * ({@code SHAPE_TOO_LARGE}) or a conv/dense layer's weights ({@code WEIGHTS_TOO_LARGE}) of more than
 * {@link TensorSize#MAX_ELEMENTS} values, counted exactly (a count never wraps around).
 *
 * <p>Data domain: values are binary (±1) after {@code sign}, and stay binary through {@code maxpool}
 * (an OR on bits), {@code flatten} and {@code dropout} (identity at inference); every other layer outputs
 * real values.
 */
public final class ShapeInference {
    private ShapeInference() {
    }

    /** Shapes of every layer of {@code d}; shape problems are appended to {@code issues}. */
    public static List<LayerShape> infer(NetworkDefinition d, List<DesignIssue> issues) {
        List<LayerShape> out = new ArrayList<>();
        Shape current = d.input();
        if (current != null && !TensorSize.fits(current.channels(), current.height(), current.width())) {
            issues.add(error("INPUT_TOO_LARGE", null, null, TensorSize.tooLarge("input " + current,
                    current.channels(), current.height(), current.width())));
            current = null;
        }
        boolean binary = false;
        for (LayerSpec layer : d.layers()) {
            Shape next = current == null ? null : outputShape(layer, current, issues);
            out.add(new LayerShape(layer.name(), layer.type(), current, next, binary));
            binary = binaryOutput(layer, binary);
            current = next;
        }
        return out;
    }

    /** Whether the output of {@code layer} is binary, given whether its input is. */
    public static boolean binaryOutput(LayerSpec layer, boolean binaryInput) {
        if (layer instanceof SignSpec) {
            return true;
        }
        if (layer instanceof MaxPoolSpec || layer instanceof FlattenSpec
                || layer instanceof dev.bitflow.engine.api.definition.DropoutSpec) {
            return binaryInput;
        }
        return false;
    }

    /** The output shape of one layer for input {@code in}, or {@code null} with an issue added. */
    static Shape outputShape(LayerSpec layer, Shape in, List<DesignIssue> issues) {
        long[] weights = layer instanceof Conv2dSpec c ? new long[] {c.filters(), in.channels(), c.kernel(), c.kernel()}
                : layer instanceof DenseSpec dn ? new long[] {in.channels(), dn.units()} : null;
        if (weights != null && !TensorSize.fits(weights)) {
            issues.add(error("WEIGHTS_TOO_LARGE", layer.name(), null, TensorSize.tooLarge(layer.type() + " '"
                    + layer.name() + "' weights", weights)));
            return null;
        }
        Shape out = unchecked(layer, in, issues);
        if (out != null && !TensorSize.fits(out.channels(), out.height(), out.width())) {
            issues.add(error("SHAPE_TOO_LARGE", layer.name(), null, TensorSize.tooLarge(layer.type() + " '"
                    + layer.name() + "' output " + out, out.channels(), out.height(), out.width())));
            return null;
        }
        return out;
    }

    private static Shape unchecked(LayerSpec layer, Shape in, List<DesignIssue> issues) {
        String n = layer.name();
        if (layer instanceof Conv2dSpec c) {
            if (in.flat()) {
                issues.add(error("CONV_NEEDS_SPATIAL_INPUT", n, null, "conv2d '" + n + "' needs a spatial input "
                        + "(channels x height x width) but gets a flat vector of " + in.channels() + " values"));
                return null;
            }
            int p = c.padding() == null ? 0 : c.padding().amount();
            long h = window(n, "kernel", "kernel", c.kernel(), c.stride(), p, in.height(), "height", issues);
            long w = h < 1 ? 0 : window(n, "kernel", "kernel", c.kernel(), c.stride(), p, in.width(), "width", issues);
            if (h < 1 || w < 1) {
                return null;
            }
            if (!TensorSize.fits(c.filters(), h, w)) {
                issues.add(error("SHAPE_TOO_LARGE", n, null, TensorSize.tooLarge("conv2d '" + n + "' output",
                        c.filters(), h, w)));
                return null;
            }
            return Shape.spatial(c.filters(), (int) h, (int) w);
        }
        if (layer instanceof MaxPoolSpec || layer instanceof AvgPoolSpec) {
            int size = layer instanceof MaxPoolSpec m ? m.size() : ((AvgPoolSpec) layer).size();
            int stride = layer instanceof MaxPoolSpec m ? m.stride() : ((AvgPoolSpec) layer).stride();
            if (in.flat()) {
                issues.add(error("POOL_NEEDS_SPATIAL_INPUT", n, null, layer.type() + " '" + n
                        + "' needs a spatial input but gets a flat vector of " + in.channels() + " values"));
                return null;
            }
            long h = window(n, "size", "pool size", size, stride, 0, in.height(), "height", issues);
            long w = h < 1 ? 0 : window(n, "size", "pool size", size, stride, 0, in.width(), "width", issues);
            return h < 1 || w < 1 ? null : Shape.spatial(in.channels(), (int) h, (int) w);
        }
        if (layer instanceof DenseSpec dn) {
            if (!in.flat()) {
                issues.add(error("DENSE_NEEDS_FLAT_INPUT", n, null, "dense '" + n + "' gets a spatial input " + in
                        + "; add a flatten layer before it (dense does not flatten implicitly)"));
                return null;
            }
            return Shape.flat(dn.units());
        }
        if (layer instanceof FlattenSpec) {
            if (in.flat()) {
                issues.add(new DesignIssue(Severity.INFO, "FLATTEN_ON_FLAT", n, null, "flatten '" + n
                        + "' gets an already flat input; it does nothing"));
                return in;
            }
            return Shape.flat((int) in.size()); // in fits one tensor, so its size fits an int
        }
        if (layer instanceof SoftmaxSpec) {
            if (!in.flat()) {
                issues.add(error("SOFTMAX_NEEDS_FLAT_INPUT", n, null, "softmax '" + n + "' gets a spatial input "
                        + in + "; add flatten and a dense layer with one unit per class before it"));
                return null;
            }
            return in;
        }
        return in; // batchnorm, sign, relu, dropout
    }

    /** Output size along one axis (in long: a large padding can exceed an int), or 0 after adding an issue. */
    private static long window(String layer, String field, String what, int k, int stride, int pad, int size,
                               String axis, List<DesignIssue> issues) {
        long span = size + 2L * pad;
        if (k > span) {
            issues.add(error(field.equals("size") ? "POOL_TOO_LARGE" : "KERNEL_TOO_LARGE", layer, field, "'" + layer + "': " + what + " " + k
                    + " is larger than the input " + axis + " " + size
                    + (pad > 0 ? " + 2 x padding " + pad + " = " + span : "")));
            return 0;
        }
        if (stride < 1) {
            return 0;
        }
        if ((span - k) % stride != 0) {
            String code = "UNEVEN_STRIDE";
            boolean already = issues.stream().anyMatch(i -> i.code().equals(code) && layer.equals(i.layer()));
            if (!already) {
                issues.add(new DesignIssue(Severity.INFO, code, layer, "stride", "'" + layer + "': stride "
                        + stride + " does not tile the input " + axis + " " + span + " with " + what + " " + k
                        + "; the last " + (span - k) % stride + " row(s)/column(s) are not used"));
            }
        }
        return (span - k) / stride + 1;
    }

    private static DesignIssue error(String code, String layer, String field, String message) {
        return new DesignIssue(Severity.ERROR, code, layer, field, message);
    }
}
