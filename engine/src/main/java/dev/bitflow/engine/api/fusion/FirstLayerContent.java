package dev.bitflow.engine.api.fusion;

import dev.bitflow.engine.api.definition.Padding;
import dev.bitflow.engine.api.definition.Shape;
import java.util.List;

/**
 * The fused first layer: a float conv2d (or dense) on the normalised float input, then per channel one float32
 * threshold compare (the folded BatchNorm + sign), then max pools on the bits.
 *
 * <p>Arithmetic, float32 with every operation rounded (no fused multiply-add), exactly as the workbench computes it:
 * <ul>
 *   <li>conv2d, for output channel o and position (oy, ox): {@code acc = 0}; for input channel i, then kernel row ky,
 *       then column kx: {@code acc += W[o, i, ky, kx] * x[i, oy*stride - pad + ky, ox*stride - pad + kx]}, where a
 *       tap outside the input is skipped for ZERO padding and reads x = +1 / -1 for PLUS_ONE / MINUS_ONE padding;
 *       then {@code acc = alpha[o] * acc} if alpha is given, then {@code acc = acc + bias[o]} if a bias is given.
 *       Output size {@code (in + 2 pad - kernel) / stride + 1} (floor).</li>
 *   <li>dense (input flattened channel-major): {@code acc = 0}; for i in order {@code acc += x[i] * W[i, o]}; then
 *       alpha and bias as for conv.</li>
 *   <li>bit of channel c: {@code constant[c] ? constantValue[c] : below[c] ? acc <= threshold[c] : acc >= threshold[c]}.
 *       Thresholds may be infinite.</li>
 * </ul>
 *
 * @param conv          true for conv2d, false for dense
 * @param input         the input shape ({@code channels x height x width}; for dense the shape that is flattened)
 * @param outChannels   output channels (dense: units)
 * @param kernel        square kernel size (dense: 1)
 * @param stride        stride (dense: 1)
 * @param padding       padding mode and amount (dense: valid)
 * @param weights       effective weights: conv {@code [out, in, k, k]}, dense {@code [in, out]}, row-major; ±1 for
 *                      binary weights
 * @param alpha         per output channel scaling factor, or null
 * @param bias          per output channel bias, or null
 * @param threshold     per output channel float32 threshold
 * @param below         per channel: the bit is {@code acc <= threshold} (BatchNorm gamma &lt; 0)
 * @param constant      per channel: the bit is constant (gamma == 0)
 * @param constantValue per channel: the constant bit (true = +1)
 * @param pools         bit pools after the threshold, in order
 * @param output        the output shape after the pools
 */
public record FirstLayerContent(String name, boolean conv, Shape input, int outChannels, int kernel, int stride,
                                Padding padding, float[] weights, float[] alpha, float[] bias, float[] threshold,
                                boolean[] below, boolean[] constant, boolean[] constantValue, List<FusedPool> pools,
                                Shape output) implements FusedLayerContent {
    public FirstLayerContent {
        weights = weights.clone();
        alpha = alpha == null ? null : alpha.clone();
        bias = bias == null ? null : bias.clone();
        threshold = threshold.clone();
        below = below.clone();
        constant = constant.clone();
        constantValue = constantValue.clone();
        pools = List.copyOf(pools);
    }

    @Override
    public Kind kind() {
        return Kind.FIRST;
    }

    @Override
    public float[] weights() {
        return weights.clone();
    }

    @Override
    public float[] alpha() {
        return alpha == null ? null : alpha.clone();
    }

    @Override
    public float[] bias() {
        return bias == null ? null : bias.clone();
    }

    @Override
    public float[] threshold() {
        return threshold.clone();
    }

    @Override
    public boolean[] below() {
        return below.clone();
    }

    @Override
    public boolean[] constant() {
        return constant.clone();
    }

    @Override
    public boolean[] constantValue() {
        return constantValue.clone();
    }

    /** Height of the conv output before the pools (dense: 1). */
    public int convHeight() {
        return conv ? (input.height() + 2 * padding.amount() - kernel) / stride + 1 : 1;
    }

    /** Width of the conv output before the pools (dense: 1). */
    public int convWidth() {
        return conv ? (input.width() + 2 * padding.amount() - kernel) / stride + 1 : 1;
    }
}
