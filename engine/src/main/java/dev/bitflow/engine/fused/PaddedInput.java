package dev.bitflow.engine.fused;

/**
 * The shape of a conv first layer's input copied into a padded buffer (CHW, each plane {@code rows x rowLength}):
 * the image at row and column {@code pad}, the border filled with the padding value, and {@code extraColumns} more
 * columns on the right so that a pass over several output pixels may run past the last one (their values are
 * computed and never stored). Then every output pixel reads every tap at one fixed offset from its window's corner,
 * with no test for the border.
 *
 * <p><b>Why zero padding may be added instead of skipped.</b> The float path skips a zero-padded tap. Adding
 * {@code w * 0} instead changes nothing when {@code w} is finite: the product is {@code +0} or {@code -0}, and an
 * accumulator that starts at {@code +0} is never {@code -0} (round-to-nearest gives {@code -0} for a sum only when
 * both operands are {@code -0}), while {@code a + (±0) = a} for every other {@code a} and {@code +0 + (±0) = +0}. So
 * the padded buffer is exact for zero padding with finite weights ({@link #exactFor}); a ±1 padded tap is added by
 * the float path too, with the same value.
 */
record PaddedInput(int channels, int height, int width, int pad, float padValue, int extraColumns) {
    int rows() {
        return height + 2 * pad;
    }

    int rowLength() {
        return width + 2 * pad + extraColumns;
    }

    int planeLength() {
        return rows() * rowLength();
    }

    int length() {
        return channels * planeLength();
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
        for (int c = 0; c < channels; c++) {
            int to = c * planeLength() + pad * rowLength + pad;
            int from = offset + c * height * width;
            for (int y = 0; y < height; y++, to += rowLength, from += width) {
                System.arraycopy(x, from, buffer, to, width);
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
}
