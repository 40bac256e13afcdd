package dev.bitflow.plugins.export.onnx;

import dev.bitflow.engine.api.definition.AvgPoolSpec;
import dev.bitflow.engine.api.definition.BatchNormSpec;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.DropoutSpec;
import dev.bitflow.engine.api.definition.FlattenSpec;
import dev.bitflow.engine.api.definition.LayerShape;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.MaxPoolSpec;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.Padding;
import dev.bitflow.engine.api.definition.PaddingMode;
import dev.bitflow.engine.api.definition.Precision;
import dev.bitflow.engine.api.definition.ReluSpec;
import dev.bitflow.engine.api.definition.ScalingFactor;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.api.definition.SignSpec;
import dev.bitflow.engine.api.definition.SoftmaxSpec;
import dev.bitflow.engine.api.fusion.BinaryLayerContent;
import dev.bitflow.engine.api.fusion.FirstLayerContent;
import dev.bitflow.engine.api.fusion.FusedModelContent;
import dev.bitflow.engine.api.fusion.FusedPool;
import dev.bitflow.engine.api.fusion.OutputBatchNorm;
import dev.bitflow.engine.api.fusion.OutputLayerContent;
import dev.bitflow.engine.api.training.ModelParameter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import onnx.Onnx;

/**
 * The two ONNX graphs of a model, standard operators of opset 13 only (docs/export.md has the table):
 * <ul>
 *   <li>float: the definition as trained, with the latent weights of binary layers and their binarisation in the
 *       graph: {@code sign(W)} with sign(0) = +1 as {@code Where(Equal(W, 0), 1, Sign(W))}, the scaling factor as
 *       {@code ReduceMean(Abs(W))}; Conv, BatchNormalization, MaxPool, Gemm (MatMul where a scaling factor comes
 *       between the product and the bias), the sign activation the same explicit way;</li>
 *   <li>fused: the first layer's float conv and its thresholds as {@code GreaterOrEqual}/{@code LessOrEqual}, each
 *       binary layer as a Conv or MatMul of ±1 values with ±1 weights (exact integers in float32), {@code Cast} to
 *       int32, the BatchShift as an int32 {@code Add} and a {@code GreaterOrEqual} with 0, max pools on ±1 (and
 *       min pools as {@code -MaxPool(-x)} where the fusion made an AND), and the output layer as a MatMul with the
 *       scaling factor, bias and BatchNorm in the workbench's operation order.</li>
 * </ul>
 * Input {@code input} is the normalised image {@code [batch, C, H, W]}; output {@code logits} the class scores.
 */
final class OnnxModels {
    static final String INPUT = "input";
    static final String LOGITS = "logits";

    private OnnxModels() {
    }

    static Onnx.ModelProto floatModel(NetworkDefinition def, List<LayerShape> shapes, List<ModelParameter> params,
                                      String version, Map<String, String> metadata) {
        Map<String, ModelParameter> byKey = new HashMap<>();
        params.forEach(p -> byKey.put(p.key(), p));
        OnnxGraph g = new OnnxGraph(def.name() + " (float)");
        Shape in = def.input();
        g.input(INPUT, in.channels(), in.height(), in.width());
        String one = g.scalar("one", 1f);
        String zero = g.scalar("zero", 0f);
        String x = INPUT;
        for (int i = 0; i < def.layers().size(); i++) {
            LayerSpec layer = def.layers().get(i);
            Shape out = shapes.get(i).output();
            String n = layer.name();
            if (layer instanceof Conv2dSpec c) {
                ModelParameter w = byKey.get(n + "/W");
                String weights = g.floats(n + "/W", w.values(), toLong(w.shape()));
                boolean binary = c.weights() == Precision.BINARY;
                if (binary) {
                    weights = sign(g, n + "/sign_W", weights, one, zero);
                }
                String padded = pad(g, n, x, c.padding());
                boolean zeroPad = c.padding().mode() == PaddingMode.ZERO;
                long p = zeroPad ? c.padding().amount() : 0;
                x = g.node("Conv", n, padded, weights).ints("kernel_shape", c.kernel(), c.kernel())
                        .ints("strides", c.stride(), c.stride()).ints("pads", p, p, p, p).out();
                if (binary && c.scaling() == ScalingFactor.MEAN_ABS) {
                    String alpha = g.node("ReduceMean", n + "/alpha", g.node("Abs", n + "/abs_W", byKeyName(n))
                            .out()).ints("axes", 1, 2, 3).integer("keepdims", 1).out();
                    // alpha is [out, 1, 1, 1]; as [1, out, 1, 1] it scales the channels
                    String alphaRow = g.node("Reshape", n + "/alpha_row", alpha,
                            g.longs(n + "/alpha_shape", new long[] {1, -1, 1, 1}, 4)).out();
                    x = g.node("Mul", n + "/scaled", alphaRow, x).out();
                }
                if (c.bias()) {
                    ModelParameter b = byKey.get(n + "/b");
                    x = g.node("Add", n + "/biased", x, g.floats(n + "/b", b.values(), 1, b.values().length, 1, 1))
                            .out();
                }
            } else if (layer instanceof DenseSpec d) {
                ModelParameter w = byKey.get(n + "/W");
                String weights = g.floats(n + "/W", w.values(), toLong(w.shape()));
                boolean binary = d.weights() == Precision.BINARY;
                if (binary) {
                    weights = sign(g, n + "/sign_W", weights, one, zero);
                }
                boolean scaled = binary && d.scaling() == ScalingFactor.MEAN_ABS;
                if (!scaled) {
                    // x W + b in one Gemm (the bias is added after the product, as the workbench does)
                    OnnxGraph.Node gemm = d.bias()
                            ? g.node("Gemm", n, x, weights, g.floats(n + "/b", byKey.get(n + "/b").values(), d.units()))
                            : g.node("Gemm", n, x, weights);
                    x = gemm.out();
                } else {
                    x = g.node("MatMul", n, x, weights).out();
                    String alpha = g.node("ReduceMean", n + "/alpha", g.node("Abs", n + "/abs_W", byKeyName(n))
                            .out()).ints("axes", 0).integer("keepdims", 0).out();
                    x = g.node("Mul", n + "/scaled", alpha, x).out();
                    if (d.bias()) {
                        ModelParameter b = byKey.get(n + "/b");
                        x = g.node("Add", n + "/biased", x, g.floats(n + "/b", b.values(), b.values().length)).out();
                    }
                }
            } else if (layer instanceof BatchNormSpec bn) {
                int ch = out.channels();
                x = g.node("BatchNormalization", n, x,
                        g.floats(n + "/gamma", byKey.get(n + "/gamma").values(), ch),
                        g.floats(n + "/beta", byKey.get(n + "/beta").values(), ch),
                        g.floats(n + "/mean", byKey.get(n + "/mean").values(), ch),
                        g.floats(n + "/var", byKey.get(n + "/var").values(), ch))
                        .floatAttribute("epsilon", (float) bn.epsilon()).out();
            } else if (layer instanceof SignSpec) {
                x = sign(g, n, x, one, zero);
            } else if (layer instanceof MaxPoolSpec p) {
                x = g.node("MaxPool", n, x).ints("kernel_shape", p.size(), p.size()).ints("strides", p.stride(),
                        p.stride()).out();
            } else if (layer instanceof AvgPoolSpec p) {
                x = g.node("AveragePool", n, x).ints("kernel_shape", p.size(), p.size()).ints("strides", p.stride(),
                        p.stride()).out();
            } else if (layer instanceof FlattenSpec) {
                x = g.node("Flatten", n, x).integer("axis", 1).out();
            } else if (layer instanceof ReluSpec) {
                x = g.node("Relu", n, x).out();
            } else if (layer instanceof DropoutSpec || layer instanceof SoftmaxSpec) {
                continue; // identity at inference; the graph's output is the class scores before softmax
            } else {
                throw new IllegalArgumentException("layer '" + n + "' of type " + layer.getClass().getSimpleName()
                        + " has no ONNX form");
            }
        }
        g.node("Identity", LOGITS, x).out(LOGITS);
        g.output(LOGITS, lastShape(shapes).channels());
        return g.model(version, "The float network of '" + def.name() + "' as trained (BitFlow Workbench).", metadata);
    }

    /** The latent weights initializer's name of layer {@code n} (for the scaling factor). */
    private static String byKeyName(String n) {
        return n + "/W";
    }

    /** sign with sign(0) = +1, explicit: {@code Where(Equal(x, 0), 1, Sign(x))}. */
    private static String sign(OnnxGraph g, String hint, String x, String one, String zero) {
        String s = g.node("Sign", hint, x).out();
        String isZero = g.node("Equal", hint + "/is_zero", x, zero).out();
        return g.node("Where", hint + "/zero_is_plus_one", isZero, one, s).out();
    }

    /** An explicit Pad for ±1 padding; zero padding is the Conv's own {@code pads}. */
    private static String pad(OnnxGraph g, String n, String x, Padding padding) {
        if (padding.mode() != PaddingMode.PLUS_ONE && padding.mode() != PaddingMode.MINUS_ONE) {
            return x;
        }
        long a = padding.amount();
        String pads = g.longs(n + "/pads", new long[] {0, 0, a, a, 0, 0, a, a}, 8);
        String value = g.scalar(n + "/pad_value", padding.mode() == PaddingMode.PLUS_ONE ? 1f : -1f);
        return g.node("Pad", n + "/pad", x, pads, value).string("mode", "constant").out();
    }

    private static Shape lastShape(List<LayerShape> shapes) {
        return shapes.get(shapes.size() - 1).output();
    }

    static Onnx.ModelProto fusedModel(FusedModelContent m, String version, Map<String, String> metadata) {
        OnnxGraph g = new OnnxGraph(m.definition().name() + " (fused)");
        Shape in = m.definition().input();
        g.input(INPUT, in.channels(), in.height(), in.width());
        String plus = g.scalar("plus_one", 1f);
        String minus = g.scalar("minus_one", -1f);
        String zeroInt = g.ints("zero_int", new int[] {0});
        FirstLayerContent f = m.first();
        String n = f.name();
        String y;
        int out = f.outChannels();
        if (f.conv()) {
            String w = g.floats(n + "/W", f.weights(), out, in.channels(), f.kernel(), f.kernel());
            long p = f.padding().mode() == PaddingMode.ZERO ? f.padding().amount() : 0;
            y = g.node("Conv", n, pad(g, n, INPUT, f.padding()), w).ints("kernel_shape", f.kernel(), f.kernel())
                    .ints("strides", f.stride(), f.stride()).ints("pads", p, p, p, p).out();
        } else {
            String flat = g.node("Flatten", n + "/flatten", INPUT).integer("axis", 1).out();
            y = g.node("MatMul", n, flat, g.floats(n + "/W", f.weights(), (int) f.input().size(), out)).out();
        }
        long[] channelDims = f.conv() ? new long[] {1, out, 1, 1} : new long[] {out};
        if (f.alpha() != null) {
            y = g.node("Mul", n + "/scaled", g.floats(n + "/alpha", f.alpha(), channelDims), y).out();
        }
        if (f.bias() != null) {
            y = g.node("Add", n + "/biased", y, g.floats(n + "/b", f.bias(), channelDims)).out();
        }
        String t = g.floats(n + "/threshold", f.threshold(), channelDims);
        String ge = g.node("GreaterOrEqual", n + "/at_least", y, t).out();
        String le = g.node("LessOrEqual", n + "/at_most", y, t).out();
        String bit = select(g, n + "/bit", g.bools(n + "/below", f.below(), channelDims), le, ge);
        bit = constants(g, n, bit, f.constant(), f.constantValue(), channelDims);
        String x = g.node("Where", n + "/plus_minus_one", bit, plus, minus).out();
        x = pools(g, n, x, f.pools(), out);
        for (BinaryLayerContent b : m.binary()) {
            x = binary(g, b, x, plus, minus, zeroInt);
        }
        OutputLayerContent o = m.output();
        String v = o.flattenInput() || !o.input().flat() ? g.node("Flatten", o.name() + "/flatten", x)
                .integer("axis", 1).out() : x;
        String s = g.node("MatMul", o.name(), v, g.floats(o.name() + "/W", o.weights(), o.inputs(), o.outputs())).out();
        if (o.alpha() != null) {
            s = g.node("Mul", o.name() + "/scaled", g.floats(o.name() + "/alpha", o.alpha(), o.outputs()), s).out();
        }
        if (o.bias() != null) {
            s = g.node("Add", o.name() + "/biased", s, g.floats(o.name() + "/b", o.bias(), o.outputs())).out();
        }
        OutputBatchNorm bn = o.batchNorm();
        if (bn != null) {
            int c = o.outputs();
            s = g.node("Sub", o.name() + "/bn_centre", s, g.floats(o.name() + "/bn_mean", bn.mean(), c)).out();
            s = g.node("Mul", o.name() + "/bn_scale", g.floats(o.name() + "/bn_gamma", bn.gamma(), c), s).out();
            s = g.node("Div", o.name() + "/bn_norm", s, g.floats(o.name() + "/bn_sigma", bn.sigma(), c)).out();
            s = g.node("Add", o.name() + "/bn_shift", s, g.floats(o.name() + "/bn_beta", bn.beta(), c)).out();
        }
        g.node("Identity", LOGITS, s).out(LOGITS);
        g.output(LOGITS, m.classes());
        return g.model(version, "The BatchShift-fused network of '" + m.definition().name()
                + "' (BitFlow Workbench): binary weights as ±1, BatchShift as an int32 add and compare.", metadata);
    }

    private static String binary(OnnxGraph g, BinaryLayerContent b, String x, String plus, String minus,
                                 String zeroInt) {
        String n = b.name();
        int out = b.outChannels();
        String s;
        long[] channelDims;
        if (b.conv()) {
            int cin = b.input().channels();
            int k = b.kernel();
            float[] w = new float[out * cin * k * k];
            for (int oc = 0; oc < out; oc++) {
                for (int ic = 0; ic < cin; ic++) {
                    for (int ky = 0; ky < k; ky++) {
                        for (int kx = 0; kx < k; kx++) {
                            w[((oc * cin + ic) * k + ky) * k + kx] = b.convWeight(oc, ic, ky, kx) ? 1f : -1f;
                        }
                    }
                }
            }
            long p = b.padding().mode() == PaddingMode.ZERO ? b.padding().amount() : 0;
            s = g.node("Conv", n, pad(g, n, x, b.padding()), g.floats(n + "/W", w, out, cin, k, k))
                    .ints("kernel_shape", k, k).ints("strides", b.stride(), b.stride()).ints("pads", p, p, p, p).out();
            channelDims = new long[] {1, out, 1, 1};
        } else {
            int inputs = b.dotLength();
            float[] w = new float[inputs * out];
            for (int i = 0; i < inputs; i++) {
                for (int o = 0; o < out; o++) {
                    w[i * out + o] = b.denseWeight(i, o) ? 1f : -1f;
                }
            }
            String v = b.flattenInput() || !b.input().flat() ? g.node("Flatten", n + "/flatten", x)
                    .integer("axis", 1).out() : x;
            s = g.node("MatMul", n, v, g.floats(n + "/W", w, inputs, out)).out();
            channelDims = new long[] {out};
        }
        String si = g.node("Cast", n + "/s", s).integer("to", Onnx.TensorProto.DataType.INT32_VALUE).out();
        short[] shift = b.shift();
        int[] shifts = new int[out];
        for (int o = 0; o < out; o++) {
            shifts[o] = shift[o];
        }
        String shifted = g.node("Add", n + "/batchshift", si, g.ints(n + "/B", shifts, channelDims)).out();
        String bit = g.node("GreaterOrEqual", n + "/bit", shifted, zeroInt).out();
        bit = constants(g, n, bit, b.constant(), b.constantValue(), channelDims);
        String v = g.node("Where", n + "/plus_minus_one", bit, plus, minus).out();
        return pools(g, n, v, b.pools(), out);
    }

    private static String constants(OnnxGraph g, String n, String bit, boolean[] constant, boolean[] value,
                                    long[] dims) {
        boolean any = false;
        for (boolean c : constant) {
            any |= c;
        }
        if (!any) {
            return bit;
        }
        return select(g, n + "/constant", g.bools(n + "/is_constant", constant, dims), g.bools(n + "/constant_value",
                value, dims), bit);
    }

    /** {@code cond ? a : b} on booleans, as {@code Or(And(cond, a), And(Not(cond), b))} (Where takes no bools). */
    private static String select(OnnxGraph g, String hint, String cond, String a, String b) {
        String whenTrue = g.node("And", hint + "/if", cond, a).out();
        String notCond = g.node("Not", hint + "/not", cond).out();
        String whenFalse = g.node("And", hint + "/else", notCond, b).out();
        return g.node("Or", hint, whenTrue, whenFalse).out();
    }

    private static String pools(OnnxGraph g, String n, String x, List<FusedPool> pools, int channels) {
        for (FusedPool p : pools) {
            String max = g.node("MaxPool", n + "/pool", x).ints("kernel_shape", p.size(), p.size())
                    .ints("strides", p.stride(), p.stride()).out();
            if (p.anyAnd()) {
                String neg = g.node("Neg", n + "/neg", x).out();
                String minNeg = g.node("MaxPool", n + "/pool_and", neg).ints("kernel_shape", p.size(), p.size())
                        .ints("strides", p.stride(), p.stride()).out();
                String min = g.node("Neg", n + "/min", minNeg).out();
                x = g.node("Where", n + "/and_or", g.bools(n + "/and_mask", p.andChannels(), 1, channels, 1, 1), min,
                        max).out();
            } else {
                x = max;
            }
        }
        return x;
    }

    private static long[] toLong(int[] shape) {
        long[] l = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            l[i] = shape[i];
        }
        return l;
    }

    static Map<String, String> metadata(NetworkDefinition def) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("bitflow.model", def.name());
        if (def.dataset() != null) {
            m.put("bitflow.dataset", def.dataset().id() + (def.dataset().classes().isEmpty() ? ""
                    : def.dataset().classes().toString()));
            m.put("bitflow.normalization", switch (def.dataset().normalization()) {
                case UNIT -> "input = pixel / 255";
                case MINUS_ONE_TO_ONE -> "input = pixel / 127.5 - 1";
            });
        }
        m.put("bitflow.sign", "sign(0) = +1");
        return m;
    }
}
