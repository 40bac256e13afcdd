package dev.bitflow.engine.fused;

import dev.bitflow.engine.api.definition.TensorSize;

/**
 * The shape of a conv first layer's input copied into a padded buffer: the image at row and column {@code pad}, the
 * border filled with the padding value, so that every output pixel reads every tap at one fixed offset from its
 * window's corner, with no test for the border.
 *
 * <p><b>Layout.</b> With {@code phases = 1} the buffer is CHW, each plane {@code rows x rowLength}, and
 * {@code extraColumns} more columns on the right let a pass over several output pixels run past the last one (their
 * values are computed and never stored). With {@code phases = s > 1} (a conv of stride {@code s} read as contiguous
 * runs) each channel's padded plane is split into {@code s x s} phase planes: padded row {@code py} and column
 * {@code px} go to phase plane {@code (py % s, px % s)} at row {@code py / s}, column {@code px / s}. Output pixel
 * {@code (oy, ox)}'s tap {@code (ky, kx)} reads padded {@code (oy * s + ky, ox * s + kx)}, that is phase plane
 * {@code (ky % s, kx % s)} at {@code (oy + ky / s, ox + kx / s)}: at {@link #tapOffset} plus {@code oy * rowLength + ox},
 * so the outputs of a row are again adjacent. Phase positions past the padded image hold the padding value; the
 * outputs read none of them ({@code oy * s + ky} stays inside the padded image).
 *
 * <p><b>Why zero padding may be added instead of skipped.</b> The float path skips a zero-padded tap. Adding
 * {@code w * 0} instead changes nothing when {@code w} is finite: the product is {@code +0} or {@code -0}, and an
 * accumulator that starts at {@code +0} is never {@code -0} (round-to-nearest gives {@code -0} for a sum only when
 * both operands are {@code -0}), while {@code a + (±0) = a} for every other {@code a} and {@code +0 + (±0) = +0}. So
 * the padded buffer is exact for zero padding with finite weights ({@link #exactFor}); a ±1 padded tap is added by
 * the float path too, with the same value.
 */
record PaddedInput(int channels, int height, int width, int pad, float padValue, int extraColumns, int phases) {
    /** The plain CHW buffer ({@code phases = 1}). */
    PaddedInput(int channels, int height, int width, int pad, float padValue, int extraColumns) {
        this(channels, height, width, pad, padValue, extraColumns, 1);
    }

    int rows() {
        return Math.toIntExact(ceilDiv(height + 2L * pad, phases));
    }

    int rowLength() {
        return Math.toIntExact(ceilDiv(width + 2L * pad, phases) + extraColumns);
    }

    int planeLength() {
        return rows() * rowLength();
    }

    int length() {
        return TensorSize.elements("padded first-layer input", channels, (long) phases * phases, rows(), rowLength());
    }

    /** Where tap {@code (channel, ky, kx)} of the output pixel {@code (0, 0)} is read. */
    int tapOffset(int channel, int ky, int kx) {
        int phasePlane = (channel * phases + ky % phases) * phases + kx % phases;
        return phasePlane * planeLength() + ky / phases * rowLength() + kx / phases;
    }

    /** A buffer with its border (and extra columns) set to the padding value; {@link #fill} writes the inside. */
    float[] newBuffer() {
        float[] buffer = new float[length()];
        java.util.Arrays.fill(buffer, padValue);
        return buffer;
    }

    /** Copies the example at {@code x[offset]} (CHW, {@code channels x height x width}) inside the border. */
    void fill(float[] x, int offset, float[] buffer) {
        int rowLength = rowLength();
        if (phases == 1) {
            for (int c = 0; c < channels; c++) {
                int to = c * planeLength() + pad * rowLength + pad;
                int from = offset + c * height * width;
                for (int y = 0; y < height; y++, to += rowLength, from += width) {
                    System.arraycopy(x, from, buffer, to, width);
                }
            }
            return;
        }
        int s = phases;
        for (int c = 0, from = offset; c < channels; c++) {
            for (int y = 0; y < height; y++) {
                int py = y + pad;
                int row = (c * s + py % s) * s * planeLength() + py / s * rowLength;
                for (int xi = 0; xi < width; xi++, from++) {
                    int px = xi + pad;
                    buffer[row + px % s * planeLength() + px / s] = x[from];
                }
            }
        }
    }

    /** Whether adding padded taps gives the float path's sums bit for bit (see the class comment). */
    static boolean exactFor(float padValue, float[] weights) {
        if (padValue != 0f) {
            return true;
        }
        for (float w : weights) {
            if (!Float.isFinite(w)) {
                return false;
            }
        }
        return true;
    }

    private static long ceilDiv(long a, int b) {
        return (a + b - 1) / b;
    }
}
