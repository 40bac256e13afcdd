package dev.bitflow.engine.fuse;

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
import dev.bitflow.engine.model.TrainedNetwork;
import java.util.ArrayList;
import java.util.List;

/**
 * The unfused network's inference in plain-Java float32, layer by layer as the definition says, exposing
 * every layer's output (so every sign's pre-sign value). The operation order is fixed and documented in
 * {@link FloatOps}; binary layers use {@code sign(W)} and {@code alpha = mean|W_c|} from
 * {@link LayerParameters}. This is the reference the fused network is proven against. ND4J (the training
 * engine) may round differently in the last bits; such differences only matter at ties, which the
 * verification counts.
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

    public FloatReferenceForward(TrainedNetwork net) {
        this.def = net.definition();
        Shape shape = def.input();
        for (LayerSpec l : def.layers()) {
            if (l instanceof Conv2dSpec c) {
                prepared.add(LayerParameters.conv(c, shape.channels(), net.parameters()));
                shape = Shape.spatial(c.filters(), FloatOps.outSize(shape.height(), c.kernel(), c.stride(), c.padding().amount()),
                        FloatOps.outSize(shape.width(), c.kernel(), c.stride(), c.padding().amount()));
            } else if (l instanceof DenseSpec d) {
                prepared.add(LayerParameters.dense(d, (int) shape.size(), net.parameters()));
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
        Shape shape = def.input();
        float[] logits = null;
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec l = layers.get(i);
            Object p = prepared.get(i);
            if (l instanceof Conv2dSpec c) {
                LayerParameters lp = (LayerParameters) p;
                cur = FloatOps.conv2d(cur, shape.channels(), shape.height(), shape.width(), lp.effectiveWeights(),
                        c.filters(), c.kernel(), c.stride(), c.padding(), lp.alpha(), lp.bias());
            } else if (l instanceof DenseSpec d) {
                LayerParameters lp = (LayerParameters) p;
                cur = FloatOps.dense(cur, lp.effectiveWeights(), (int) shape.size(), d.units(), lp.alpha(), lp.bias());
            } else if (l instanceof BatchNormSpec) {
                cur = FloatOps.batchNorm(cur, shape.channels(), shape.height() * shape.width(), (BnParameters) p);
            } else if (l instanceof SignSpec) {
                cur = FloatOps.sign(cur);
            } else if (l instanceof ReluSpec) {
                cur = FloatOps.relu(cur);
            } else if (l instanceof MaxPoolSpec mp) {
                cur = FloatOps.maxPool(cur, shape.channels(), shape.height(), shape.width(), mp.size(), mp.stride());
            } else if (l instanceof AvgPoolSpec ap) {
                cur = FloatOps.avgPool(cur, shape.channels(), shape.height(), shape.width(), ap.size(), ap.stride());
            } else if (l instanceof SoftmaxSpec) {
                logits = cur;
                cur = softmax(cur);
            }
            // flatten and dropout: identity on CHW data
            outs[i] = cur;
            shape = outShapes.get(i);
        }
        if (logits == null) {
            logits = cur;
        }
        return new Trace(outs, logits, FloatOps.argmax(logits));
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
