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
 * A trained network's float inference as batched ND4J ops (conv2d, max-pool, batch norm, mmul; NCHW), the float side
 * of {@code bench MODEL}: binary weights as {@code sign(W) * alpha} with {@code sign(0) = +1}, sign as
 * {@code x >= 0 ? +1 : -1}. Not the float reference path (its order of operations is ND4J's and oneDNN's), so its
 * predictions may differ from the fused network's on a few images where a value sits on a threshold.
 */
final class Nd4jFloatNetwork {
    private final TrainedNetwork net;
    private final List<Object> ops = new ArrayList<>();

    Nd4jFloatNetwork(TrainedNetwork net) {
        this.net = net;
        Shape shape = net.definition().input();
        for (LayerSpec l : net.definition().layers()) {
            if (l instanceof Conv2dSpec c) {
                LayerParameters lp = LayerParameters.conv(c, shape.channels(), net.parameters());
                float[] w = scaled(lp, c.filters());
                INDArray wt = Nd4j.createFromArray(w).reshape('c', c.filters(), shape.channels(), c.kernel(), c.kernel());
                Conv2DConfig cfg = Conv2DConfig.builder().kH(c.kernel()).kW(c.kernel()).sH(c.stride()).sW(c.stride())
                        .pH(c.padding().amount()).pW(c.padding().amount()).dH(1).dW(1).paddingMode(PaddingMode.VALID)
                        .dataFormat(Conv2DConfig.NCHW).weightsFormat(WeightsFormat.OIYX).build();
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
                        .sW(p.stride()).pH(0).pW(0).dH(1).dW(1).paddingMode(PaddingMode.VALID).isNHWC(false).build()});
                shape = Shape.spatial(shape.channels(), FloatOps.outSize(shape.height(), p.size(), p.stride(), 0),
                        FloatOps.outSize(shape.width(), p.size(), p.stride(), 0));
            } else if (l instanceof FlattenSpec) {
                ops.add(new Object[] {"flatten"});
                shape = Shape.flat((int) shape.size());
            }
        }
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

    /** The predicted class of examples {@code [0, count)} of {@code data}, {@code batch} examples per ND4J call. */
    int[] predictAll(LabeledData data, int count, int batch) {
        Shape in = net.definition().input();
        int size = (int) in.size();
        int[] pred = new int[count];
        for (int from = 0; from < count; from += batch) {
            int m = Math.min(batch, count - from);
            float[] images = new float[m * size];
            for (int i = 0; i < m; i++) {
                data.copyExample(from + i, images, i * size);
            }
            INDArray x = Nd4j.createFromArray(images).reshape('c', m, in.channels(), in.height(), in.width());
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
                            (INDArray) op[4], (Double) op[5], 1);
                    case "sign" -> x = x.gte(0).castTo(DataType.FLOAT).muli(2).subi(1);
                    case "relu" -> x = Transforms.relu(x, false);
                    case "maxpool" -> x = Nd4j.cnn().maxPooling2d(x, (Pooling2DConfig) op[1]);
                    case "flatten" -> x = x.reshape('c', m, x.length() / m);
                    default -> throw new IllegalStateException((String) op[0]);
                }
            }
            INDArray arg = x.argMax(1);
            for (int i = 0; i < m; i++) {
                pred[from + i] = arg.getInt(i);
            }
        }
        return pred;
    }
}
