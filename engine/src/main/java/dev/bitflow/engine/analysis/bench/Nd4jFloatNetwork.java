package dev.bitflow.engine.analysis.bench;

import dev.bitflow.engine.api.definition.BatchNormSpec;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.FlattenSpec;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.MaxPoolSpec;
import dev.bitflow.engine.api.definition.ReluSpec;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.api.definition.SignSpec;
import dev.bitflow.engine.data.LabeledData;
import dev.bitflow.engine.model.TrainedNetwork;
import dev.bitflow.engine.reference.BnParameters;
import dev.bitflow.engine.reference.FloatOps;
import dev.bitflow.engine.reference.LayerParameters;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A trained network's float inference as batched ND4J ops (conv2d, max-pool, batch norm, mmul), the float side
 * of {@code bench MODEL}: binary weights as {@code sign(W) * alpha} with {@code sign(0) = +1}, sign as
 * {@code x >= 0 ? +1 : -1}. Not the float reference path (its order of operations is ND4J's and oneDNN's), so its
 * predictions may differ from the fused network's on a few images where a value sits on a threshold.
 *
 * <p>Feature maps are channels-last (NHWC) from the first conv on: oneDNN's fastest convolution on this CPU
 * ({@code brgconv:avx512_core}) works on NHWC, so an NCHW network pays a reorder of its input and of its output at
 * every conv (measured with {@code DNNL_VERBOSE=1}: the reorders took about as long as the convolutions). The dense
 * layer after a flatten takes its weight rows in NHWC order, so it computes the same sums as the definition's
 * channel-major flatten. The batches are built before the timing ({@link #batches}), as the fused side's input is.
 *
 * <p>Each batch runs inside an ND4J workspace ({@link Nd4jOps#inWorkspace}): the first batch sizes it, and the next ones
 * reuse its memory for every op's output instead of allocating fresh native arrays. Without it an op's output was
 * a new allocation whose first touch cost page faults: the first conv took 6-9 ms per batch of 100 of which
 * oneDNN's convolution itself was 1.4 ms, and the network ran about 1.4x slower.
 */
final class Nd4jFloatNetwork {
    private final String workspaceId = "bench-float-" + System.identityHashCode(this);
    private final TrainedNetwork net;
    private final List<Object> ops = new ArrayList<>();

    Nd4jFloatNetwork(TrainedNetwork net) {
        this.net = net;
        Shape shape = net.definition().input();
        Shape flattened = null; // the spatial shape a flatten has just turned into a vector
        for (LayerSpec l : net.definition().layers()) {
            if (l instanceof Conv2dSpec c) {
                LayerParameters lp = LayerParameters.conv(c, shape.channels(), net.parameters());
                float[] w = scaled(lp, c.filters());
                INDArray wt = Nd4j.createFromArray(w).reshape('c', c.filters(), shape.channels(), c.kernel(), c.kernel());
                Conv2DConfig cfg = Conv2DConfig.builder().kH(c.kernel()).kW(c.kernel()).sH(c.stride()).sW(c.stride())
                        .pH(c.padding().amount()).pW(c.padding().amount()).dH(1).dW(1).paddingMode(PaddingMode.VALID)
                        .dataFormat(Conv2DConfig.NHWC).weightsFormat(WeightsFormat.OIYX).build();
                INDArray b = lp.bias() == null ? null : Nd4j.createFromArray(lp.bias());
                ops.add(new Object[] {"conv", wt, cfg, b});
                shape = Shape.spatial(c.filters(), FloatOps.outSize(shape.height(), c.kernel(), c.stride(),
                        c.padding().amount()), FloatOps.outSize(shape.width(), c.kernel(), c.stride(), c.padding().amount()));
            } else if (l instanceof DenseSpec d) {
                LayerParameters lp = LayerParameters.dense(d, (int) shape.size(), net.parameters());
                float[] w = lp.effectiveWeights().clone();
                if (lp.alpha() != null) {
                    for (int i = 0; i < w.length; i++) {
                        w[i] *= lp.alpha()[i % d.units()];
                    }
                }
                if (flattened != null) {
                    w = rowsInChannelsLastOrder(w, flattened, d.units());
                    flattened = null;
                }
                INDArray b = lp.bias() == null ? null : Nd4j.createFromArray(lp.bias()).reshape(1, d.units());
                ops.add(new Object[] {"dense", Nd4j.createFromArray(w).reshape('c', shape.size(), d.units()), b});
                shape = Shape.flat(d.units());
            } else if (l instanceof BatchNormSpec bnSpec) {
                BnParameters bn = LayerParameters.batchNorm(bnSpec, shape.channels(), net.parameters());
                ops.add(new Object[] {"bn", Nd4j.createFromArray(bn.mean()), Nd4j.createFromArray(bn.var()),
                        Nd4j.createFromArray(bn.gamma()), Nd4j.createFromArray(bn.beta()), (double) bn.epsilon()[0]});
            } else if (l instanceof SignSpec) {
                ops.add(new Object[] {"sign"});
            } else if (l instanceof ReluSpec) {
                ops.add(new Object[] {"relu"});
            } else if (l instanceof MaxPoolSpec p) {
                ops.add(new Object[] {"maxpool", Pooling2DConfig.builder().kH(p.size()).kW(p.size()).sH(p.stride())
                        .sW(p.stride()).pH(0).pW(0).dH(1).dW(1).paddingMode(PaddingMode.VALID).isNHWC(true).build()});
                shape = Shape.spatial(shape.channels(), FloatOps.outSize(shape.height(), p.size(), p.stride(), 0),
                        FloatOps.outSize(shape.width(), p.size(), p.stride(), 0));
            } else if (l instanceof FlattenSpec) {
                ops.add(new Object[] {"flatten"});
                flattened = shape.height() * shape.width() > 1 && shape.channels() > 1 ? shape : null;
                shape = Shape.flat((int) shape.size());
            }
        }
    }

    /**
     * Dense weights {@code [in][units]} whose rows follow the definition's flatten, {@code c * h * w + y * w + x},
     * reordered to the NHWC flatten, {@code (y * w + x) * c + ch}.
     */
    static float[] rowsInChannelsLastOrder(float[] w, Shape map, int units) {
        int c = map.channels();
        int hw = map.height() * map.width();
        float[] out = new float[w.length];
        for (int ch = 0; ch < c; ch++) {
            for (int p = 0; p < hw; p++) {
                System.arraycopy(w, (ch * hw + p) * units, out, (p * c + ch) * units, units);
            }
        }
        return out;
    }

    private static float[] scaled(LayerParameters lp, int out) {
        float[] w = lp.effectiveWeights().clone();
        if (lp.alpha() != null) {
            int per = w.length / out;
            for (int i = 0; i < w.length; i++) {
                w[i] *= lp.alpha()[i / per];
            }
        }
        return w;
    }

    /** Examples {@code [0, count)} of {@code data} as NHWC input batches of at most {@code batch} examples. */
    List<INDArray> batches(LabeledData data, int count, int batch) {
        Shape in = net.definition().input();
        int size = (int) in.size();
        List<INDArray> out = new ArrayList<>();
        for (int from = 0; from < count; from += batch) {
            int m = Math.min(batch, count - from);
            float[] images = new float[m * size];
            for (int i = 0; i < m; i++) {
                data.copyExample(from + i, images, i * size);
            }
            INDArray nchw = Nd4j.createFromArray(images).reshape('c', m, in.channels(), in.height(), in.width());
            out.add(in.channels() == 1 ? nchw.reshape('c', m, in.height(), in.width(), 1)
                    : nchw.permute(0, 2, 3, 1).dup('c'));
        }
        return out;
    }

    /** The predicted class of each example of {@code batches}, in order. */
    int[] predict(List<INDArray> batches) {
        int[] pred = new int[batches.stream().mapToInt(b -> (int) b.size(0)).sum()];
        int at = 0;
        try {
            for (INDArray input : batches) {
                int from = at;
                Nd4jOps.inWorkspace(workspaceId, () -> {
                    INDArray arg = scores(input).argMax(1);
                    for (int i = 0; i < input.size(0); i++) {
                        pred[from + i] = arg.getInt(i);
                    }
                });
                at += (int) input.size(0);
            }
        } finally {
            Nd4jOps.destroyWorkspace(workspaceId);
        }
        return pred;
    }

    /** The last layer's values (before a softmax, which does not change the arg max) for one NHWC batch. */
    INDArray scores(INDArray input) {
        int m = (int) input.size(0);
        INDArray x = input;
        for (Object o : ops) {
            Object[] op = (Object[]) o;
            switch ((String) op[0]) {
                case "conv" -> x = op[3] == null ? Nd4j.cnn().conv2d(x, (INDArray) op[1], (Conv2DConfig) op[2])
                        : Nd4j.cnn().conv2d(x, (INDArray) op[1], (INDArray) op[3], (Conv2DConfig) op[2]);
                case "dense" -> {
                    x = x.mmul((INDArray) op[1]);
                    if (op[2] != null) {
                        x.addiRowVector((INDArray) op[2]);
                    }
                }
                case "bn" -> x = Nd4j.nn().batchNorm(x, (INDArray) op[1], (INDArray) op[2], (INDArray) op[3],
                        (INDArray) op[4], (Double) op[5], x.rank() - 1);
                case "sign" -> x = x.gte(0).castTo(DataType.FLOAT).muli(2).subi(1);
                case "relu" -> x = Transforms.relu(x, true); // a copy: x may still be the caller's input batch
                case "maxpool" -> x = Nd4j.cnn().maxPooling2d(x, (Pooling2DConfig) op[1]);
                case "flatten" -> x = x.reshape('c', m, x.length() / m);
                default -> throw new IllegalStateException((String) op[0]);
            }
        }
        return x;
    }
}
