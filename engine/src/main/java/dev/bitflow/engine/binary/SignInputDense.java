package dev.bitflow.engine.binary;

/**
 * The last layer of a BCNN: a float dense layer on ±1 inputs, computed with additions and subtractions
 * only (primer section 4). {@code y[o] = bias[o] + sum_i a_i * W[i][o]} with {@code a_i = ±1}; computed as
 * {@code y = bias - colSum + 2 * sum_{i: a_i = +1} W[i]}, i.e. one row addition per +1 input (no
 * multiplication). Note: the float summation order differs from a float matmul, so results agree with it
 * only up to float rounding.
 *
 * @param weights {@code [in, out]} row-major
 * @param bias    per output, or null
 */
public record SignInputDense(float[] weights, float[] bias, int inputs, int outputs) {
    public SignInputDense {
        if (weights.length != inputs * outputs || (bias != null && bias.length != outputs)) {
            throw new IllegalArgumentException("sign-input dense expects " + inputs + "x" + outputs + " weights");
        }
    }

    /** The class scores for a {@code 1 x 1 x inputs} input. */
    public float[] apply(PackedBits in) {
        if (in.channels() != inputs || in.height() != 1 || in.width() != 1) {
            throw new IllegalArgumentException("input " + in + " is not a 1x1x" + inputs + " vector");
        }
        float[] plus = new float[outputs];
        float[] minus = new float[outputs];
        long[] words = in.words();
        for (int i = 0; i < inputs; i++) {
            float[] target = ((words[i >>> 6] >>> (i & 63)) & 1L) != 0 ? plus : minus;
            int row = i * outputs;
            for (int o = 0; o < outputs; o++) {
                target[o] += weights[row + o];
            }
        }
        float[] y = new float[outputs];
        for (int o = 0; o < outputs; o++) {
            y[o] = (bias == null ? 0f : bias[o]) + plus[o] - minus[o];
        }
        return y;
    }
}
