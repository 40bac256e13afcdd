package dev.bitflow.engine.api.fusion;

import dev.bitflow.engine.api.definition.Padding;
import dev.bitflow.engine.api.definition.Shape;
import java.util.List;

/**
 * A fused binary layer: XNOR-popcount conv2d or dense on ±1 inputs with binary weights, one integer BatchShift per
 * output channel, then max pools on the bits. Integers and bits only.
 *
 * <p>Arithmetic. With bit 1 = +1, the dot product of input bits a and weight bits w over the K_eff taps that lie
 * inside the input is {@code s = K_eff - 2 * popcount(a XOR w)}. ZERO padding leaves padded taps out (so
 * {@code K_eff} is smaller at the borders); PLUS_ONE / MINUS_ONE padding reads padded taps as all-+1 / all--1
 * inputs and {@code K_eff = K}. Output bit of channel c: {@code constant[c] ? constantValue[c] : s + shift[c] >= 0}.
 * The weights of channels with {@code flipped[c]} (BatchNorm gamma &lt; 0) are already negated in
 * {@link #weightBits()}, so no flip is applied at run time; the flag is kept for reports.
 *
 * <p>Weight bit layout ({@link #weightBits()}, 64-bit words, bit {@code j % 64} of word {@code j / 64} of a row,
 * unused high bits of a row's last word are 0):
 * <ul>
 *   <li>conv2d: rows {@code [oc][ky][kx]}, each of {@link #wordsPerRow()} = ceil(inChannels / 64) words holding
 *       the weights of input channels 0..inChannels-1: word {@code ((oc * k + ky) * k + kx) * wordsPerRow + ic / 64},
 *       bit {@code ic % 64}.</li>
 *   <li>dense: rows {@code [o]}, each of ceil(inputs / 64) words over input index i: word
 *       {@code o * wordsPerRow + i / 64}, bit {@code i % 64}. After a flatten ({@link #flattenInput()}) the input
 *       index is channel-major: {@code i = (c * H + y) * W + x} of the {@link #input()} map.</li>
 * </ul>
 *
 * @param conv          true for conv2d, false for dense
 * @param input         input shape (for dense after a flatten: the spatial shape before it)
 * @param flattenInput  dense only: the input map is flattened channel-major first
 * @param outChannels   output channels (dense: units)
 * @param kernel        square kernel (dense: 1)
 * @param stride        stride (dense: 1)
 * @param padding       padding (dense: valid)
 * @param dotLength     the full dot-product length K: {@code kernel * kernel * inChannels}, or dense inputs
 * @param weightBits    packed binary weights, the layout above
 * @param shift         BatchShift B per output channel, {@code |B| <= K + 1}
 * @param shiftBits     bits of a two's-complement integer that holds every B of non-constant channels
 * @param flipped       channels whose weights were negated (gamma &lt; 0)
 * @param constant      constant channels (gamma == 0, or a zero scaling factor)
 * @param constantValue the constant bit of those channels (true = +1)
 * @param pools         bit pools after the threshold, in order
 * @param output        output shape after the pools
 */
public record BinaryLayerContent(String name, boolean conv, Shape input, boolean flattenInput, int outChannels,
                                 int kernel, int stride, Padding padding, int dotLength, long[] weightBits,
                                 short[] shift, int shiftBits, boolean[] flipped, boolean[] constant,
                                 boolean[] constantValue, List<FusedPool> pools, Shape output)
        implements FusedLayerContent {
    public BinaryLayerContent {
        weightBits = weightBits.clone();
        shift = shift.clone();
        flipped = flipped.clone();
        constant = constant.clone();
        constantValue = constantValue.clone();
        pools = List.copyOf(pools);
    }

    @Override
    public Kind kind() {
        return Kind.BINARY;
    }

    @Override
    public long[] weightBits() {
        return weightBits.clone();
    }

    @Override
    public short[] shift() {
        return shift.clone();
    }

    @Override
    public boolean[] flipped() {
        return flipped.clone();
    }

    @Override
    public boolean[] constant() {
        return constant.clone();
    }

    @Override
    public boolean[] constantValue() {
        return constantValue.clone();
    }

    /** Words per weight row: ceil(inChannels / 64) for conv, ceil(inputs / 64) for dense. */
    public int wordsPerRow() {
        int n = conv ? input.channels() : (int) input.size();
        return (n + 63) / 64;
    }

    /** Whether conv weight (oc, ic, ky, kx) is +1 (after the flip). */
    public boolean convWeight(int oc, int ic, int ky, int kx) {
        if (!conv) {
            throw new IllegalStateException(name + " is a dense layer");
        }
        int w = wordsPerRow();
        return (weightBits[((oc * kernel + ky) * kernel + kx) * w + (ic >>> 6)] >>> (ic & 63) & 1L) != 0;
    }

    /** Whether dense weight (input i, output o) is +1 (after the flip). */
    public boolean denseWeight(int i, int o) {
        if (conv) {
            throw new IllegalStateException(name + " is a conv layer");
        }
        return (weightBits[o * wordsPerRow() + (i >>> 6)] >>> (i & 63) & 1L) != 0;
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
