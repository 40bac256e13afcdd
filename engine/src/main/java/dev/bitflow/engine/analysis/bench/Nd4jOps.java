package dev.bitflow.engine.analysis.bench;

import dev.bitflow.engine.binary.ConvGeometry;
import dev.bitflow.engine.binary.PackedBits;
import java.util.SplittableRandom;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J configurations and random data shared by the stages. The float side runs the way ND4J is fastest here:
 * feature maps channels-last (NHWC), because oneDNN's fastest convolution on this CPU ({@code brgconv}) works on
 * NHWC and reorders an NCHW input and output at every call, and every timed float run inside a workspace
 * ({@link #inWorkspace}), so an op's output reuses memory instead of a fresh native allocation whose first touch
 * costs page faults.
 */
final class Nd4jOps {
    /** Sized by the first run, then reused: every op's output lands in memory the previous run released. */
    static final WorkspaceConfiguration WORKSPACE = WorkspaceConfiguration.builder()
            .initialSize(0).overallocationLimit(0.1)
            .policyAllocation(AllocationPolicy.OVERALLOCATE).policyLearning(LearningPolicy.FIRST_LOOP)
            .policyReset(ResetPolicy.BLOCK_LEFT).policySpill(SpillPolicy.REALLOCATE).build();

    private Nd4jOps() {
    }

    /** Runs {@code work} inside the workspace {@code id} of the calling thread (created on first use). */
    static void inWorkspace(String id, Runnable work) {
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE, id)) {
            work.run();
        }
    }

    /** Frees the workspace {@code id} of the calling thread, if it has one. */
    static void destroyWorkspace(String id) {
        if (Nd4j.getWorkspaceManager().checkIfWorkspaceExists(id)) {
            Nd4j.getWorkspaceManager().destroyWorkspace(Nd4j.getWorkspaceManager().getWorkspaceForCurrentThread(id));
        }
    }

    /**
     * conv2d on NHWC maps, weights OIYX {@code [out, in, kh, kw]}, explicit symmetric padding of the geometry's
     * amount (ND4J pads with zeros; for the ±1 padding modes the float form does the same amount of work).
     */
    static Conv2DConfig conv(ConvGeometry g) {
        return conv(g, Conv2DConfig.NHWC);
    }

    /** {@link #conv(ConvGeometry)} on maps of the given layout, {@link Conv2DConfig#NHWC} or {@code NCHW}. */
    static Conv2DConfig conv(ConvGeometry g, String layout) {
        return Conv2DConfig.builder().kH(g.kernel()).kW(g.kernel()).sH(g.stride()).sW(g.stride())
                .pH(g.pad()).pW(g.pad()).dH(1).dW(1).paddingMode(PaddingMode.VALID)
                .dataFormat(layout).weightsFormat(WeightsFormat.OIYX).build();
    }

    /** A max pool on NHWC maps. */
    static Pooling2DConfig maxPool(int size, int stride) {
        return Pooling2DConfig.builder().kH(size).kW(size).sH(stride).sW(stride).pH(0).pW(0).dH(1).dW(1)
                .paddingMode(PaddingMode.VALID).isNHWC(true).build();
    }

    /** Random ±1 values as an NHWC map {@code [1, H, W, C]}. */
    static INDArray plusMinusOneMap(SplittableRandom r, int channels, int height, int width) {
        return array(plusMinusOne(r, channels * height * width), 1, height, width, channels);
    }

    /** An NHWC map {@code [1, H, W, C]} as an NCHW copy {@code [1, C, H, W]}. */
    static INDArray channelsFirst(INDArray nhwc) {
        return nhwc.permute(0, 3, 1, 2).dup('c');
    }

    /** Uniform latent values in [-1, 1). */
    static float[] latent(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return v;
    }

    static float[] plusMinusOne(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextBoolean() ? 1f : -1f;
        }
        return v;
    }

    static INDArray array(float[] values, long... shape) {
        return Nd4j.createFromArray(values).reshape('c', shape).castTo(DataType.FLOAT);
    }

    /**
     * The values of {@code x} in C order: its buffer directly when it is a fresh C-ordered array (a bulk
     * copy), otherwise through a raveled copy.
     */
    static float[] values(INDArray x) {
        if (x.ordering() == 'c' && !x.isView() && x.data().length() == x.length()
                && x.dataType() == org.nd4j.linalg.api.buffer.DataType.FLOAT) {
            float[] v = new float[(int) x.length()];
            x.data().asNioFloat().get(v);
            return v;
        }
        return x.ravel().toFloatVector();
    }

    /** Packs a float NHWC {@code [1, H, W, C]} (or {@code [1, N]}) array by sign. */
    static PackedBits signs(INDArray x) {
        long[] s = x.shape();
        if (s.length == 2) {
            return PackedBits.fromSignsVector(x.ravel().toFloatVector());
        }
        return PackedBits.fromSignsChw(channelsFirst(x).ravel().toFloatVector(), (int) s[3], (int) s[1], (int) s[2]);
    }
}
