package dev.bitflow.engine.binary;

/**
 * The last layer of a BCNN: a float dense layer on ±1 inputs, computed with additions only
 * (docs/fusion.md, OutputLayerPass). {@code y[o] = bias[o] + sum_i a_i * W[i][o]} with {@code a_i = ±1}. Since
 * {@code sum_i a_i W[i] = 2 * sum_{i: a_i = +1} W[i] - sum_i W[i]}, the constant part
 * {@code base[o] = bias[o] - sum_i W[i][o]} is computed once at construction, and each input then costs
 * one row addition if it is +1 and nothing if it is -1, followed by one doubling: no multiplication by
 * weights at all. The float summation order differs from a float matmul, so results agree with it up to
 * float rounding (relative error about {@code inputs * 2^-24}).
 *
 * <p>Holds float weights: it is the float last layer, not a middle layer.
 */
public final class SignInputDense {
    private final float[] weights;
    private final float[] base;
    private final int inputs;
    private final int outputs;

    /**
     * @param weights {@code [in, out]} row-major (copied)
     * @param bias    per output, or null
     */
    public SignInputDense(float[] weights, float[] bias, int inputs, int outputs) {
        if (inputs < 1 || outputs < 1 || weights.length != inputs * outputs || (bias != null && bias.length != outputs)) {
            throw new IllegalArgumentException("sign-input dense expects " + inputs + "x" + outputs + " weights"
                    + (bias == null ? "" : " and " + outputs + " biases"));
        }
        this.weights = weights.clone();
        this.inputs = inputs;
        this.outputs = outputs;
        double[] sum = new double[outputs];
        for (int i = 0; i < inputs; i++) {
            for (int o = 0; o < outputs; o++) {
                sum[o] += weights[i * outputs + o];
            }
        }
        this.base = new float[outputs];
        for (int o = 0; o < outputs; o++) {
            base[o] = (float) ((bias == null ? 0.0 : bias[o]) - sum[o]);
        }
    }

    public int inputs() {
        return inputs;
    }

    public int outputs() {
        return outputs;
    }

    /** The class scores for a {@code 1 x 1 x inputs} input. */
    public float[] apply(PackedBits in) {
        if (in.channels() != inputs || in.height() != 1 || in.width() != 1) {
            throw new IllegalArgumentException("input " + in + " is not a 1x1x" + inputs + " vector");
        }
        float[] plus = new float[outputs];
        long[] words = in.words();
        for (int w = 0; w < words.length; w++) {
            long bits = words[w];
            while (bits != 0) {
                int i = (w << 6) + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                int row = i * outputs;
                for (int o = 0; o < outputs; o++) {
                    plus[o] += weights[row + o];
                }
            }
        }
        float[] y = new float[outputs];
        for (int o = 0; o < outputs; o++) {
            y[o] = base[o] + 2f * plus[o];
        }
        return y;
    }
}
