package dev.bitflow.engine.reference;

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
import dev.bitflow.engine.api.fusion.FusionProblem;
import dev.bitflow.engine.model.ShapeInference;
import dev.bitflow.engine.model.TrainedNetwork;
import java.util.ArrayList;
import java.util.List;

/**
 * The unfused network's inference in plain-Java float32, layer by layer as the definition says, exposing
 * every layer's output (so every sign's pre-sign value). The operation order is fixed and documented in
 * {@link FloatOps}; binary layers use {@code sign(W)} and {@code alpha = mean|W_c|} from
 * {@link LayerParameters}. This is the reference the fused network is proven against. ND4J (the training
 * engine) computes BatchNorm in another order ({@code (y - mean) * (var + eps)^-0.5 * gamma + beta}) and sums
 * with its own GEMM; its last bits may differ, which is why evaluation uses this path, not ND4J.
 *
 * <p>Layers: conv2d, dense, batchnorm (inference form), sign (sign(0) = +1), relu, max/avg pool, flatten
 * (channel-major, a no-op on CHW data), dropout (identity at inference), softmax (in double, rounded to
 * float; predictions use the logits before it). Other layer types are refused.
 *
 * <p>This is <em>the float network</em> of a model: eval of a {@code .bfm}, verify, the SF report and the
 * fusion all mean this computation. It is defined only where it is a finite float32 computation for every input:
 * the constructor refuses parameters for which {@link FloatRange} cannot prove that, with
 * {@link FloatNetworkException}.
 */
public final class FloatReferenceForward {
    private final NetworkDefinition def;
    private final List<Shape> outShapes = new ArrayList<>();
    private final List<Object> prepared = new ArrayList<>();
    /** Per layer, the XNOR dot products of a binary layer on ±1 inputs, else null. */
    private final List<BinaryDotProducts> binaryDots = new ArrayList<>();

    /** The float network of {@code net}, binary layers on ±1 inputs by XNOR-popcount ({@link BinaryDotProducts}). */
    public FloatReferenceForward(TrainedNetwork net) {
        this(net, true);
    }

    /**
     * @param xnorKernels compute the dot products of binary layers on ±1 inputs with {@link BinaryDotProducts}
     *                    (the same integers, many times faster) instead of {@link FloatOps}' float32 loops, which
     *                    stay as the slow, obvious reference the tests compare with
     */
    public FloatReferenceForward(TrainedNetwork net, boolean xnorKernels) {
        this.def = net.definition();
        Shape shape = def.input();
        boolean plusMinusOne = false;
        for (LayerSpec l : def.layers()) {
            BinaryDotProducts dots = null;
            if (l instanceof Conv2dSpec c) {
                LayerParameters lp = LayerParameters.conv(c, shape.channels(), net.parameters());
                prepared.add(lp);
                dots = xnorKernels && lp.binary() && plusMinusOne ? BinaryDotProducts.of(c, lp, shape) : null;
                shape = Shape.spatial(c.filters(), FloatOps.outSize(shape.height(), c.kernel(), c.stride(), c.padding().amount()),
                        FloatOps.outSize(shape.width(), c.kernel(), c.stride(), c.padding().amount()));
            } else if (l instanceof DenseSpec d) {
                LayerParameters lp = LayerParameters.dense(d, (int) shape.size(), net.parameters());
                prepared.add(lp);
                dots = xnorKernels && lp.binary() && plusMinusOne ? BinaryDotProducts.of(d, lp, shape) : null;
                shape = Shape.flat(d.units());
            } else if (l instanceof BatchNormSpec b) {
                prepared.add(LayerParameters.batchNorm(b, shape.channels(), net.parameters()));
            } else if (l instanceof MaxPoolSpec p) {
                prepared.add(p);
                shape = Shape.spatial(shape.channels(), FloatOps.outSize(shape.height(), p.size(), p.stride(), 0),
                        FloatOps.outSize(shape.width(), p.size(), p.stride(), 0));
            } else if (l instanceof AvgPoolSpec p) {
                prepared.add(p);
                shape = Shape.spatial(shape.channels(), FloatOps.outSize(shape.height(), p.size(), p.stride(), 0),
                        FloatOps.outSize(shape.width(), p.size(), p.stride(), 0));
            } else if (l instanceof FlattenSpec) {
                prepared.add(l);
                shape = Shape.flat((int) shape.size());
            } else if (l instanceof SignSpec || l instanceof DropoutSpec || l instanceof SoftmaxSpec
                    || l instanceof ReluSpec) {
                prepared.add(l);
            } else {
                throw new BadInputException("layer '" + l.name() + "': the float reference path does not support type '"
                        + l.type() + "'");
            }
            outShapes.add(shape);
            binaryDots.add(dots);
            plusMinusOne = ShapeInference.binaryOutput(l, plusMinusOne);
        }
        List<FusionProblem> problems = FloatRange.problems(this);
        if (!problems.isEmpty()) {
            throw new FloatNetworkException(def.name(), problems);
        }
    }

    /** Every layer's output for one example; {@code logits} are the values entering softmax (or the last output). */
    public record Trace(float[][] outputs, float[] logits, int prediction) {
    }

    public NetworkDefinition definition() {
        return def;
    }

    /** The output shape of layer {@code i}. */
    public Shape outputShape(int i) {
        return outShapes.get(i);
    }

    /** Parameters prepared for layer {@code i}: {@link LayerParameters} or {@link BnParameters}, else the spec. */
    public Object prepared(int i) {
        return prepared.get(i);
    }

    /** Runs one example (CHW float32 of the definition's input shape). */
    public Trace forward(float[] x) {
        List<LayerSpec> layers = def.layers();
        float[][] outs = new float[layers.size()][];
        float[] cur = x;
        float[] logits = null;
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof SoftmaxSpec) {
                logits = cur;
            }
            cur = layer(i, cur);
            outs[i] = cur;
        }
        if (logits == null) {
            logits = cur;
        }
        return new Trace(outs, logits, FloatOps.argmax(logits));
    }

    /** Layer {@code i} alone on its input {@code in} (CHW float32 of the layer's input shape). */
    public float[] layer(int i, float[] in) {
        LayerSpec l = def.layers().get(i);
        Object p = prepared.get(i);
        Shape shape = i == 0 ? def.input() : outShapes.get(i - 1);
        BinaryDotProducts dots = binaryDots.get(i);
        if (dots != null) {
            LayerParameters lp = (LayerParameters) p;
            Shape out = outShapes.get(i);
            float[] s = dots.apply(in);
            FloatOps.scaleAndShift(s, out.flat() ? (int) out.size() : out.channels(),
                    out.flat() ? 1 : out.height() * out.width(), lp.alpha(), lp.bias());
            return s;
        }
        if (l instanceof Conv2dSpec c) {
            LayerParameters lp = (LayerParameters) p;
            return FloatOps.conv2d(in, shape.channels(), shape.height(), shape.width(), lp.effectiveWeights(),
                    c.filters(), c.kernel(), c.stride(), c.padding(), lp.alpha(), lp.bias());
        }
        if (l instanceof DenseSpec d) {
            LayerParameters lp = (LayerParameters) p;
            return FloatOps.dense(in, lp.effectiveWeights(), (int) shape.size(), d.units(), lp.alpha(), lp.bias());
        }
        if (l instanceof BatchNormSpec) {
            return FloatOps.batchNorm(in, shape.channels(), shape.height() * shape.width(), (BnParameters) p);
        }
        if (l instanceof SignSpec) {
            return FloatOps.sign(in);
        }
        if (l instanceof ReluSpec) {
            return FloatOps.relu(in);
        }
        if (l instanceof MaxPoolSpec mp) {
            return FloatOps.maxPool(in, shape.channels(), shape.height(), shape.width(), mp.size(), mp.stride());
        }
        if (l instanceof AvgPoolSpec ap) {
            return FloatOps.avgPool(in, shape.channels(), shape.height(), shape.width(), ap.size(), ap.stride());
        }
        if (l instanceof SoftmaxSpec) {
            return softmax(in);
        }
        return in; // flatten and dropout: identity on CHW data
    }

    private static float[] softmax(float[] v) {
        double max = Double.NEGATIVE_INFINITY;
        for (float f : v) {
            max = Math.max(max, f);
        }
        double sum = 0;
        double[] e = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            e[i] = Math.exp(v[i] - max);
            sum += e[i];
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (e[i] / sum);
        }
        return out;
    }
}
