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
 * bits with gamma &lt; 0 filters negated, int16 shifts, constant-channel masks), then max pools on bits. A dense
 * block after a flatten reads the NHWC bits in channel-major order ({@link PackedBits#flattenChannelMajor()}),
 * the order of the definition's flatten. Exactly one of {@code conv} and {@code dense} is set.
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
        return dense.apply(flattenInput ? in.flattenChannelMajor() : in, denseKernel);
    }

    public PackedBits apply(PackedBits in, XnorConv2d convKernel, BinaryDense denseKernel) {
        PackedBits bits = threshold(in, convKernel, denseKernel);
        for (BitMaxPoolLayer p : pools) {
            bits = p.apply(bits);
        }
        return bits;
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
