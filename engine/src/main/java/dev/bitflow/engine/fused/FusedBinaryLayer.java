package dev.bitflow.engine.fused;

import dev.bitflow.engine.binary.BinaryConvLayer;
import dev.bitflow.engine.binary.BinaryDense;
import dev.bitflow.engine.binary.BinaryDenseLayer;
import dev.bitflow.engine.binary.BitMaxPoolLayer;
import dev.bitflow.engine.binary.PackedBits;
import dev.bitflow.engine.binary.XnorConv2d;
import dev.bitflow.engine.fuse.BatchShift;
import java.util.List;

/**
 * A fused binary block: XNOR-popcount conv or dense with BatchShift threshold (integers only: packed weight
 * bits with gamma &lt; 0 filters negated, int16 shifts, constant-channel masks), then max pools on bits (a conv's
 * first pool, where that is faster, on the integer sums before the threshold: {@link
 * XnorConv2d#applyThresholdPooled}, the same bits). A dense
 * block after a flatten reads the NHWC bits in channel-major order, the order of the definition's flatten: its
 * weights are laid out for the NHWC map ({@link BinaryDenseLayer#applyFlattened}), so no flattened copy is made
 * ({@link PackedBits#flattenChannelMajor()} is what it equals). Exactly one of {@code conv} and {@code dense} is set.
 *
 * @param flipped per output channel word, the channels whose weights were negated (gamma &lt; 0); kept for
 *                reports and for the .bff file, the kernel needs nothing else
 */
public record FusedBinaryLayer(String name, BinaryConvLayer conv, BinaryDenseLayer dense, boolean flattenInput,
                               long[] flipped, List<BitMaxPoolLayer> pools) implements FusedLayer {
    public FusedBinaryLayer {
        if ((conv == null) == (dense == null)) {
            throw new IllegalArgumentException("a fused binary layer is either conv or dense");
        }
        pools = List.copyOf(pools);
    }

    /** Thresholded bits before pooling. */
    public PackedBits threshold(PackedBits in, XnorConv2d convKernel, BinaryDense denseKernel) {
        if (conv != null) {
            return conv.apply(in, convKernel);
        }
        PackedBits[] out = new PackedBits[1];
        dense(new PackedBits[] {in}, 1, denseKernel, out);
        return out[0];
    }

    public PackedBits apply(PackedBits in, XnorConv2d convKernel, BinaryDense denseKernel) {
        PackedBits[] out = {in};
        apply(out, 1, convKernel, denseKernel, out);
        return out[0];
    }

    /**
     * {@link #apply(PackedBits, XnorConv2d, BinaryDense)} of examples {@code in[0..count)} into {@code out[0..count)}
     * (may be the same array): a dense layer takes them together, so its weights are read once for several examples.
     */
    public void apply(PackedBits[] in, int count, XnorConv2d convKernel, BinaryDense denseKernel, PackedBits[] out) {
        int pooled = 0;
        if (conv != null) {
            // the first pool with the conv (XnorConv2d#applyThresholdPooled)
            pooled = pools.isEmpty() ? 0 : 1;
            for (int e = 0; e < count; e++) {
                out[e] = pooled == 0 ? conv.apply(in[e], convKernel)
                        : conv.applyPooled(in[e], convKernel, pools.get(0));
            }
        } else {
            dense(in, count, denseKernel, out);
        }
        for (int e = 0; e < count; e++) {
            for (BitMaxPoolLayer p : pools.subList(pooled, pools.size())) {
                out[e] = p.apply(out[e]);
            }
        }
    }

    private void dense(PackedBits[] in, int count, BinaryDense denseKernel, PackedBits[] out) {
        for (int e = 0; e < count && !flattenInput; e++) {
            if (in[e].height() != 1 || in[e].width() != 1) {
                throw new IllegalArgumentException(name + ": dense input " + in[e] + " is not a vector (no flatten)");
            }
        }
        dense.applyFlattened(in, count, denseKernel, out);
    }

    /** The integer dot products (after the flips) before the threshold. */
    public int[] dotProducts(PackedBits in, XnorConv2d convKernel, BinaryDense denseKernel) {
        if (conv != null) {
            return conv.dotProducts(in, convKernel);
        }
        return dense.dotProducts(flattenInput ? in.flattenChannelMajor() : in, denseKernel);
    }

    public int outChannels() {
        return conv != null ? conv.geometry().outChannels() : dense.weights().outputs();
    }
}
