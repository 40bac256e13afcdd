package dev.bitflow.engine.fused;

/**
 * The fused BatchNorm + sign of the first (float) layer, per channel c, on the layer's float32 value y
 * (conv/dense sum with bias, exactly as the float path computes it): {@code +1 iff y >= threshold[c]}, or
 * {@code +1 iff y <= threshold[c]} where {@code below[c]} (gamma &lt; 0); {@code constant[c]} channels are
 * {@code constantValue[c]}.
 */
public record FloatThreshold(String layer, float[] threshold, boolean[] below, boolean[] constant,
                             boolean[] constantValue) {
    public int channels() {
        return threshold.length;
    }

    public boolean bit(int c, float y) {
        if (constant[c]) {
            return constantValue[c];
        }
        return below[c] ? y <= threshold[c] : y >= threshold[c];
    }
}
