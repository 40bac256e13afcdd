package dev.bitflow.engine.api.ledger;

import dev.bitflow.engine.api.definition.LayerType;
import dev.bitflow.engine.api.definition.Precision;
import dev.bitflow.engine.api.definition.Shape;

/**
 * One layer's row of the ledger. All counts are per example (one image), at inference.
 *
 * <p>Counting rules (docs/ledger.md has the full list with examples):
 * <ul>
 *   <li>{@code weights}: conv {@code filters * inChannels * k * k}, dense {@code in * units}; {@code biases}:
 *       one per output channel/unit when the layer has a bias; {@code params = weights + biases}.
 *       {@code bnParams}: gamma (if learned), beta, running mean and variance per channel.</li>
 *   <li>{@code weightBits}: 32 per float weight, 1 per binary weight. {@code biasBits}: 32 per bias; after
 *       fusion a fused block's bias is folded into its threshold, so 0.</li>
 *   <li>{@code channelParamBits}: before fusion the SF alpha (32 bits per channel, binary layers with
 *       mean-abs SF) plus BN (32 bits per stored BN parameter) on the BN row. After fusion: on the weight
 *       row of a BatchShift block one int16 B per channel (16 bits; the minimum width is
 *       {@code batchShiftMinBits = 1 + ceil(log2(K + 1))} for fan-in K, since {@code -(K+1) <= B <= K}); on the
 *       weight row of a threshold block one float32 threshold + one flip bit per channel (33 bits); BN and
 *       sign rows of fused blocks are 0.</li>
 *   <li>{@code activationBits}: output values times 32 (float) or 1 (binary). After fusion the BN and sign
 *       rows of a fused block materialise nothing (0) and the weight row outputs bits.</li>
 *   <li>{@code floatMacs}/{@code binaryMacs}: output values times fan-in K (padded taps included). Binary
 *       when weights and input are both ±1 (XNOR + popcount, counted per bit), float otherwise.
 *       {@code floatMultiplications} counts every real multiplication: a MAC's multiply only when neither
 *       operand is ±1, the SF alpha times s, the BN scale, avgpool's division, softmax's normalisation.
 *       {@code floatAddsCompares}: float additions and compares outside MACs (bias, BN shift, sign,
 *       relu, float max-pool, avgpool sums, threshold compares). {@code intOps}: integer additions and
 *       compares and bitwise OR/AND of pooled bits (BatchShift: one add and one sign test per output).</li>
 * </ul>
 *
 * @param index                layer index in the definition
 * @param name                 layer name
 * @param type                 layer type ({@code conv2d}, ...)
 * @param region               first, middle or last region
 * @param input                input shape
 * @param output               output shape
 * @param weightPrecision      weight precision of conv2d/dense, {@code null} otherwise
 * @param inputPrecision       precision of the input values (BINARY when they come from a sign)
 * @param outputPrecision      precision of the output values (after fusion, a fused weight row outputs bits)
 * @param weights              number of weights
 * @param biases               number of biases
 * @param bnParams             number of BatchNorm parameters (gamma, beta, mean, var)
 * @param weightBits           bits of the weights
 * @param biasBits             bits of the biases (0 when folded by fusion)
 * @param channelParamBits     bits of per-channel parameters (SF, BN; after fusion B or threshold + flip)
 * @param batchShiftMinBits    minimum signed bit width of B for this layer's fan-in (0 if not a BatchShift layer)
 * @param activationBits       bits of the output feature map
 * @param floatMacs            multiply-accumulates with a real operand
 * @param binaryMacs           XNOR-popcount multiply-accumulates (per bit)
 * @param floatMultiplications real multiplications
 * @param floatAddsCompares    real additions and compares outside MACs
 * @param intOps               integer additions, compares and bitwise pooling ops
 * @param fusedInto            after fusion: the weight layer whose block absorbed this layer (itself for the
 *                             weight row), {@code null} if not fused
 */
public record LayerLedger(int index, String name, LayerType type, Region region, Shape input, Shape output,
                          Precision weightPrecision, Precision inputPrecision, Precision outputPrecision,
                          long weights, long biases, long bnParams,
                          long weightBits, long biasBits, long channelParamBits, int batchShiftMinBits,
                          long activationBits, long floatMacs, long binaryMacs, long floatMultiplications,
                          long floatAddsCompares, long intOps, String fusedInto) {

    /** Weights plus biases (BN excluded). */
    public long params() {
        return weights + biases;
    }

    /** All multiply-accumulates. */
    public long macs() {
        return floatMacs + binaryMacs;
    }

    /** Stored bits of this layer's parameters: weights + biases + per-channel parameters. */
    public long storedBits() {
        return weightBits + biasBits + channelParamBits;
    }
}
