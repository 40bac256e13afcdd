package dev.bitflow.engine.analysis.activations;

import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.analysis.ActivationMap;
import dev.bitflow.engine.api.analysis.ActivationPath;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.api.definition.SignSpec;
import dev.bitflow.engine.binary.PackedBits;
import dev.bitflow.engine.fuse.FusionPipeline;
import dev.bitflow.engine.fuse.NotFusableException;
import dev.bitflow.engine.fused.FusedBinaryLayer;
import dev.bitflow.engine.fused.FusedKernels;
import dev.bitflow.engine.fused.FusedNetwork;
import dev.bitflow.engine.model.FusionBlock;
import dev.bitflow.engine.model.TrainedNetwork;
import dev.bitflow.engine.reference.FloatOps;
import dev.bitflow.engine.reference.FloatReferenceForward;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a trained model on one normalised image and hands out every binary layer's output bits.
 *
 * <p>Path: the model is fused with the engine's {@link FusionPipeline} and run as the bit-level network
 * ({@link FusedNetwork}: float first layer + threshold, then XNOR-popcount + BatchShift blocks); each fused block
 * that outputs bits gives one map, the output of the block's last layer (its sign, or the max pool after it).
 * These bits equal the float reference path's sign outputs except at float32 rounding ties
 * ({@code EquivalenceVerifier}). When the model cannot be fused exactly (for example an average pool after a
 * binary conv), the probe falls back to {@link FloatReferenceForward} and gives one map per sign layer
 * (sign(0) = +1).
 */
public final class ActivationProbe {
    /** One binary layer the probe reports. */
    public record Site(String layer, String block, Shape shape) {
    }

    private final ActivationPath path;
    private final List<Site> sites = new ArrayList<>();
    private final FusedNetwork fused;
    private final FusedKernels kernels = FusedKernels.singleThreaded();
    private final FloatReferenceForward reference;
    private final int[] signIndices;

    /** The bit-level path of a fused network: one site per fused block that outputs bits. */
    public ActivationProbe(FusionPipeline.Result result) {
        NetworkDefinition def = result.network().definition();
        path = ActivationPath.FUSED_BITS;
        fused = result.network();
        reference = null;
        signIndices = new int[0];
        for (FusionBlock b : result.state().blocks()) {
            if (b.kind() != FusionBlock.Kind.OUTPUT) {
                sites.add(new Site(def.layers().get(b.lastIndex()).name(), b.name(), spatial(b.output())));
            }
        }
    }

    /** The float reference path of a trained network: one site per sign layer. */
    private ActivationProbe(TrainedNetwork net) {
        NetworkDefinition def = net.definition();
        path = ActivationPath.FLOAT_REFERENCE;
        fused = null;
        reference = new FloatReferenceForward(net);
        List<Integer> signs = new ArrayList<>();
        String linear = "";
        for (int i = 0; i < def.layers().size(); i++) {
            LayerSpec l = def.layers().get(i);
            if (l instanceof Conv2dSpec || l instanceof DenseSpec) {
                linear = l.name();
            } else if (l instanceof SignSpec) {
                signs.add(i);
                sites.add(new Site(l.name(), linear, spatial(reference.outputShape(i))));
            }
        }
        signIndices = signs.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The fused bit-level path when {@code net} can be fused exactly (fusing it once), else the float path. */
    public static ActivationProbe of(TrainedNetwork net, TaskMonitor monitor) {
        FusionPipeline.Result result;
        try {
            result = new FusionPipeline().run(net, monitor);
        } catch (NotFusableException e) {
            return new ActivationProbe(net);
        }
        return new ActivationProbe(result);
    }

    private static Shape spatial(Shape s) {
        return s.flat() ? Shape.spatial((int) s.size(), 1, 1) : s;
    }

    public ActivationPath path() {
        return path;
    }

    public List<Site> sites() {
        return List.copyOf(sites);
    }

    /** The result of one image: channel-major packed bits per site, and the predicted class. */
    public record Output(List<long[]> bits, int prediction) {
    }

    /** Runs one normalised image (CHW float32 of the definition's input shape). */
    public Output run(float[] x) {
        List<long[]> out = new ArrayList<>();
        if (fused != null) {
            PackedBits bits = fused.first().apply(x);
            out.add(bits.flattenChannelMajor().words());
            for (FusedBinaryLayer b : fused.binaryLayers()) {
                bits = b.apply(bits, kernels.conv(), kernels.dense());
                out.add(bits.flattenChannelMajor().words());
            }
            int prediction = FloatOps.argmax(fused.output().apply(bits));
            return new Output(out, prediction);
        }
        FloatReferenceForward.Trace t = reference.forward(x);
        for (int i : signIndices) {
            out.add(PackedBits.fromSignsVector(t.outputs()[i]).words());
        }
        return new Output(out, t.prediction());
    }

    /** The maps of one image. */
    public List<ActivationMap> maps(Output output) {
        List<ActivationMap> maps = new ArrayList<>();
        for (int i = 0; i < sites.size(); i++) {
            Site s = sites.get(i);
            maps.add(new ActivationMap(s.layer(), s.block(), s.shape().channels(), s.shape().height(),
                    s.shape().width(), output.bits().get(i)));
        }
        return maps;
    }
}
