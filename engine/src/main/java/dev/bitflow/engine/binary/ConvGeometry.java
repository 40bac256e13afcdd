package dev.bitflow.engine.binary;

import dev.bitflow.engine.api.definition.Padding;
import dev.bitflow.engine.api.definition.PaddingMode;
import dev.bitflow.engine.api.definition.TensorSize;

/**
 * The shape of one convolution: input {@code inChannels x inH x inW}, {@code outChannels} square
 * {@code kernel x kernel} filters, a square {@code stride} and symmetric {@code padding} of
 * {@code padding.amount()} pixels. Output size {@code outH = (inH + 2p - kernel) / stride + 1} (floor), same
 * for the width, as ND4J's conv2d in truncate mode. Input, weights and output each fit one array
 * ({@link TensorSize}); a geometry that does not is refused when it is built.
 */
public record ConvGeometry(int inChannels, int inH, int inW, int outChannels, int kernel, int stride,
                           Padding padding) {
    public ConvGeometry {
        if (inChannels < 1 || inH < 1 || inW < 1 || outChannels < 1 || kernel < 1 || stride < 1) {
            throw new IllegalArgumentException("conv geometry values must be positive: " + inChannels + "x" + inH
                    + "x" + inW + " -> " + outChannels + ", k" + kernel + " s" + stride);
        }
        if (padding == null) {
            throw new IllegalArgumentException("padding is required");
        }
        if (inH + 2L * padding.amount() < kernel || inW + 2L * padding.amount() < kernel) {
            throw new IllegalArgumentException("kernel " + kernel + " larger than the padded input " + inH + "x" + inW
                    + " (padding " + padding.amount() + ")");
        }
        // every array a kernel indexes with an int: input, weights, output (checked exactly, never wrapped)
        TensorSize.elements("conv input", inChannels, inH, inW);
        TensorSize.elements("conv weights", outChannels, inChannels, kernel, kernel);
        TensorSize.elements("conv output", outChannels, axis(inH, kernel, stride, padding.amount()),
                axis(inW, kernel, stride, padding.amount()));
    }

    private static long axis(int in, int kernel, int stride, int pad) {
        return (in + 2L * pad - kernel) / stride + 1;
    }

    public int pad() {
        return padding.amount();
    }

    public PaddingMode paddingMode() {
        return padding.mode();
    }

    public int outH() {
        return (int) axis(inH, kernel, stride, pad());
    }

    public int outW() {
        return (int) axis(inW, kernel, stride, pad());
    }

    /** Taps per filter: {@code kernel * kernel}. */
    public int taps() {
        return kernel * kernel;
    }

    /** Full dot-product length {@code K = kernel * kernel * inChannels}. */
    public int fullK() {
        return kernel * kernel * inChannels;
    }

    /** Words per output pixel, ceil(outChannels / 64). */
    public int outWords() {
        return PackedBits.wordsFor(outChannels);
    }

    /** Throws if {@code in} does not have this geometry's input shape. */
    public void checkInput(PackedBits in) {
        if (in.channels() != inChannels || in.height() != inH || in.width() != inW) {
            throw new IllegalArgumentException("input " + in + " does not match conv input " + inChannels + "x" + inH
                    + "x" + inW);
        }
    }
}
