package dev.bitflow.engine.fuse;

import dev.bitflow.engine.fused.FusedFirstLayer;
import dev.bitflow.engine.fused.FloatThreshold;
import dev.bitflow.engine.fused.FusedNetwork;
import dev.bitflow.engine.fused.FusedBinaryLayer;
import dev.bitflow.engine.fused.FusedOutputLayer;
import dev.bitflow.engine.reference.FloatOps;
import dev.bitflow.engine.reference.BnParameters;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.Padding;
import dev.bitflow.engine.api.definition.Precision;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.api.fusion.BinaryLayerContent;
import dev.bitflow.engine.api.fusion.FirstLayerContent;
import dev.bitflow.engine.api.fusion.FusedModelContent;
import dev.bitflow.engine.api.fusion.FusedPool;
import dev.bitflow.engine.api.fusion.OutputBatchNorm;
import dev.bitflow.engine.api.fusion.OutputLayerContent;
import dev.bitflow.engine.binary.BinaryConvLayer;
import dev.bitflow.engine.binary.BinaryDenseLayer;
import dev.bitflow.engine.binary.BitMaxPoolLayer;
import dev.bitflow.engine.binary.ConvGeometry;
import java.util.ArrayList;
import java.util.List;

/**
 * The API's read-only view of a {@link FusedNetwork} ({@link FusedModelContent}): copies of its weights, thresholds,
 * shifts and masks, with the shapes between the layers worked out. The records document the arithmetic; this class
 * only translates the engine's packed masks and kernel objects into them.
 */
public final class FusedContentView {
    private FusedContentView() {
    }

    public static FusedModelContent of(FusedNetwork network) {
        FusedFirstLayer f = network.first();
        Shape firstIn = Shape.spatial(f.inChannels(), f.inH(), f.inW());
        int h = f.conv() ? FloatOps.outSize(f.inH(), f.kernel(), f.stride(), f.padding().amount()) : 1;
        int w = f.conv() ? FloatOps.outSize(f.inW(), f.kernel(), f.stride(), f.padding().amount()) : 1;
        List<FusedPool> firstPools = pools(f.pools(), f.outChannels());
        Shape firstOut = f.conv() ? pooled(f.outChannels(), h, w, firstPools) : Shape.flat(f.outChannels());
        FloatThreshold t = f.threshold();
        FirstLayerContent first = new FirstLayerContent(f.name(), f.conv(), firstIn, f.outChannels(), f.kernel(),
                f.stride(), f.conv() ? f.padding() : Padding.VALID, f.weights(), f.alpha(), f.bias(), t.threshold(),
                t.below(), t.constant(), t.constantValue(), firstPools, firstOut);
        Shape in = firstOut;
        List<BinaryLayerContent> binary = new ArrayList<>();
        for (FusedBinaryLayer b : network.binaryLayers()) {
            BinaryLayerContent c = b.conv() != null ? conv(b, b.conv(), in) : dense(b, b.dense(), in);
            binary.add(c);
            in = c.output();
        }
        return new FusedModelContent(network.definition(), first, binary, output(network, in));
    }

    private static BinaryLayerContent conv(FusedBinaryLayer b, BinaryConvLayer layer, Shape in) {
        ConvGeometry g = layer.geometry();
        int out = g.outChannels();
        List<FusedPool> pools = pools(b.pools(), out);
        BatchShift s = shift(b.name(), g.fullK(), layer.shift(), b.flipped(), layer.constMask(), layer.constValue());
        return new BinaryLayerContent(b.name(), true, in, false, out, g.kernel(), g.stride(), g.padding(), g.fullK(),
                layer.weights().plainBits(), s.shift(), s.bitWidth(), s.flipped(), s.constant(), s.constantValue(),
                pools, pooled(out, g.outH(), g.outW(), pools));
    }

    private static BinaryLayerContent dense(FusedBinaryLayer b, BinaryDenseLayer layer, Shape in) {
        int out = layer.weights().outputs();
        int inputs = layer.weights().inputs();
        List<FusedPool> pools = pools(b.pools(), out);
        BatchShift s = shift(b.name(), inputs, layer.shift(), b.flipped(), layer.constMask(), layer.constValue());
        return new BinaryLayerContent(b.name(), false, in, b.flattenInput(), out, 1, 1, Padding.VALID, inputs,
                layer.weights().plainBits(), s.shift(), s.bitWidth(), s.flipped(), s.constant(), s.constantValue(),
                pools, Shape.flat(out));
    }

    private static OutputLayerContent output(FusedNetwork network, Shape in) {
        FusedOutputLayer o = network.output();
        OutputBatchNorm bn = null;
        if (o.bn() != null) {
            BnParameters p = o.bn();
            float[] sigma = new float[p.channels()];
            for (int c = 0; c < sigma.length; c++) {
                sigma[c] = p.sigma(c);
            }
            // every channel of a trained model has the definition's epsilon (as float32)
            double epsilon = sigma.length == 0 ? 0 : p.epsilon()[0];
            bn = new OutputBatchNorm(p.gamma(), p.beta(), p.mean(), p.var(), epsilon, sigma);
        }
        boolean binaryWeights = false;
        for (LayerSpec l : network.definition().layers()) {
            if (l.name().equals(o.name()) && l instanceof DenseSpec d) {
                binaryWeights = d.weights() == Precision.BINARY;
            }
        }
        return new OutputLayerContent(o.name(), in, o.flattenInput(), o.inputs(), o.outputs(), o.weights(), o.alpha(),
                o.bias(), bn, binaryWeights);
    }

    /** The layer's BatchShift as one record, for its flags and the bit width rule. */
    private static BatchShift shift(String layer, int k, short[] shift, long[] flipped, long[] constMask,
                                    long[] constValue) {
        int n = shift.length;
        boolean[] flip = new boolean[n];
        boolean[] constant = new boolean[n];
        boolean[] value = new boolean[n];
        for (int c = 0; c < n; c++) {
            flip[c] = MaskWords.get(flipped, c);
            constant[c] = MaskWords.get(constMask, c);
            value[c] = constant[c] && MaskWords.get(constValue, c);
        }
        return new BatchShift(layer, k, shift.clone(), flip, constant, value);
    }

    private static List<FusedPool> pools(List<BitMaxPoolLayer> layers, int channels) {
        List<FusedPool> pools = new ArrayList<>();
        for (BitMaxPoolLayer p : layers) {
            boolean[] and = null;
            if (p.andMask() != null) {
                and = new boolean[channels];
                for (int c = 0; c < channels; c++) {
                    and[c] = MaskWords.get(p.andMask(), c);
                }
            }
            pools.add(new FusedPool(p.size(), p.stride(), and));
        }
        return pools;
    }

    private static Shape pooled(int channels, int h, int w, List<FusedPool> pools) {
        for (FusedPool p : pools) {
            h = p.outSize(h);
            w = p.outSize(w);
        }
        return Shape.spatial(channels, h, w);
    }
}
