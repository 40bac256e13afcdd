package dev.bitflow.engine.fuse;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.PaddingMode;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.api.fusion.StepThrough;
import dev.bitflow.engine.binary.PackedBits;
import dev.bitflow.engine.fused.FusedBinaryLayer;
import dev.bitflow.engine.fused.FusedKernels;
import dev.bitflow.engine.fused.FusedNetwork;
import dev.bitflow.engine.model.FusionBlock;
import dev.bitflow.engine.model.TrainedNetwork;
import dev.bitflow.engine.reference.BnParameters;
import dev.bitflow.engine.reference.FloatReferenceForward;
import dev.bitflow.engine.reference.LayerParameters;
import java.util.List;

/**
 * Takes one output bit of a fused binary layer apart ({@link StepThrough}): the input bits are the fused
 * network's own bits entering that layer (image -> fused layers), the weights the packed kernel weights; the
 * float values beside them come from the float reference path on the same image. The result is recomputed
 * here the slow, obvious way and cross-checked against the kernel's own dot product.
 */
public final class StepThroughBuilder {
    private final TrainedNetwork net;
    private final FusionPipeline.Result fused;

    public StepThroughBuilder(TrainedNetwork net, FusionPipeline.Result fused) {
        this.net = net;
        this.fused = fused;
    }

    public StepThrough build(float[] image, int example, String layer, int channel, int y, int x) {
        List<FusionBlock> blocks = fused.state().blocks();
        int bi = -1;
        for (int i = 0; i < blocks.size(); i++) {
            if (blocks.get(i).name().equals(layer)) {
                bi = i;
            }
        }
        if (bi < 0 || blocks.get(bi).kind() != FusionBlock.Kind.BINARY) {
            throw new BadInputException("layer '" + layer + "' is not a fused binary layer of '"
                    + net.definition().name() + "'");
        }
        FusionBlock b = blocks.get(bi);
        Shape out = b.linearOut();
        if (channel < 0 || channel >= out.channels() || y < 0 || y >= out.height() || x < 0 || x >= out.width()) {
            throw new BadInputException("layer '" + layer + "': position (channel " + channel + ", y " + y + ", x " + x
                    + ") is outside its output " + out);
        }
        FusedKernels k = FusedKernels.singleThreaded();
        FusedNetwork n = fused.network();
        PackedBits in = n.first().apply(image);
        for (int i = 1; i < bi; i++) {
            in = ((FusedBinaryLayer) n.layers().get(i)).apply(in, k.conv(), k.dense());
        }
        FusedBinaryLayer fl = (FusedBinaryLayer) n.layers().get(bi);
        BatchShift shift = fused.state().shift(bi);
        LayerParameters lp = fused.state().linear(bi);
        int kernel;
        int inC;
        boolean[] inputBits;
        boolean[] valid;
        boolean[] weightBits;
        if (b.linear() instanceof Conv2dSpec c) {
            kernel = c.kernel();
            inC = b.input().channels();
            int taps = kernel * kernel;
            inputBits = new boolean[taps * inC];
            valid = new boolean[taps * inC];
            weightBits = new boolean[taps * inC];
            int pad = c.padding().amount();
            for (int ky = 0; ky < kernel; ky++) {
                for (int kx = 0; kx < kernel; kx++) {
                    int iy = y * c.stride() - pad + ky;
                    int ix = x * c.stride() - pad + kx;
                    boolean inside = iy >= 0 && iy < b.input().height() && ix >= 0 && ix < b.input().width();
                    for (int ic = 0; ic < inC; ic++) {
                        int t = (ky * kernel + kx) * inC + ic;
                        weightBits[t] = fl.conv().weights().get(channel, ic, ky, kx);
                        if (inside) {
                            inputBits[t] = in.get(iy, ix, ic);
                            valid[t] = true;
                        } else {
                            inputBits[t] = c.padding().mode() == PaddingMode.PLUS_ONE;
                            valid[t] = c.padding().mode() != PaddingMode.ZERO && c.padding().mode() != PaddingMode.VALID;
                        }
                    }
                }
            }
        } else {
            kernel = 1;
            PackedBits flat = fl.flattenInput() ? in.flattenChannelMajor() : in;
            inC = flat.channels();
            inputBits = new boolean[inC];
            valid = new boolean[inC];
            weightBits = new boolean[inC];
            for (int i = 0; i < inC; i++) {
                inputBits[i] = flat.get(0, 0, i);
                valid[i] = true;
                weightBits[i] = fl.dense().weights().get(i, channel);
            }
        }
        boolean[] xnor = new boolean[inputBits.length];
        int popcount = 0;
        int kEff = 0;
        for (int i = 0; i < xnor.length; i++) {
            if (valid[i]) {
                xnor[i] = inputBits[i] == weightBits[i];
                popcount += xnor[i] ? 1 : 0;
                kEff++;
            }
        }
        int sPrime = 2 * popcount - kEff;
        int[] kernelS = fl.dotProducts(in, k.conv(), k.dense());
        int kernelValue = b.linear() instanceof Conv2dSpec ? kernelS[(y * out.width() + x) * out.channels() + channel]
                : kernelS[channel];
        if (kernelValue != sPrime) {
            throw new IllegalStateException("step-through dot product " + sPrime + " differs from the kernel's "
                    + kernelValue + " at " + layer + " channel " + channel);
        }
        boolean outBit = shift.constant()[channel] ? shift.constantValue()[channel]
                : sPrime + shift.shift()[channel] >= 0;
        // the neighbours: this channel's bits over the grid (conv), or every unit's bit (dense)
        PackedBits thresholded = fl.threshold(in, k.conv(), k.dense());
        boolean conv = b.linear() instanceof Conv2dSpec;
        int mapRows = conv ? out.height() : 1;
        int mapCols = conv ? out.width() : out.channels();
        boolean[] map = new boolean[mapRows * mapCols];
        for (int r = 0; r < mapRows; r++) {
            for (int c = 0; c < mapCols; c++) {
                map[r * mapCols + c] = conv ? thresholded.get(r, c, channel) : thresholded.get(0, 0, c);
            }
        }
        if (map[conv ? y * mapCols + x : channel] != outBit) {
            throw new IllegalStateException("step-through output bit differs from the layer's at " + layer + " channel "
                    + channel);
        }
        // the float path at the same position: alpha * s + b, then BatchNorm, then sign
        FloatReferenceForward.Trace t = new FloatReferenceForward(net).forward(image);
        float[] pre = t.outputs()[b.linearIndex()];
        float yFloat = pre[(channel * out.height() + y) * out.width() + x];
        BnParameters bn = fused.state().batchNorm(bi);
        float z = bn.apply(channel, yFloat);
        float alpha = lp.alpha() == null ? 1f : lp.alpha()[channel];
        return new StepThrough(layer, example, channel, y, x, kernel, inC, inputBits, valid, weightBits, xnor, popcount,
                kEff, sPrime, shift.shift()[channel], shift.flipped()[channel], shift.constant()[channel], outBit, yFloat,
                z, z >= 0f, alpha, mapRows, mapCols, map);
    }
}
