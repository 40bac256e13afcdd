package dev.bitflow.engine.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Binary weights from latent float weights, with the optional XNOR-Net scaling factor (Rastegari et al.,
 * "XNOR-Net", ECCV 2016).
 *
 * <p>Forward: {@code B = sign(W)} (sign(0) = +1); with SF, per output channel c,
 * {@code alpha_c = mean_{i in c} |W_i|} (n_c latent weights) and the effective weight is
 * {@code Weff_i = alpha_c * B_i}; without SF {@code Weff = B}.
 *
 * <p>Backward, given {@code g = dL/dWeff}: without SF, the STE gives {@code dL/dW_i = g_i * 1{|W_i| <= 1}}.
 * With SF, the chain rule through both factors of {@code alpha_c * sign(W_i)} gives
 * <pre>
 *   dL/dW_i = alpha_c * g_i * 1{|W_i| <= 1}            (through sign, STE)
 *           + sign(W_i) / n_c * sum_{j in c} g_j * B_j  (through alpha_c = mean |W_c|, d|W|/dW = sign W)
 * </pre>
 * XNOR-Net's paper writes the per-weight term {@code g_i * (1/n + alpha * 1{|W_i| <= 1})}, i.e. it keeps only
 * the j = i summand of the second line; we use the full derivative because it is what a numerical gradient
 * check verifies (docs/decisions/0021).
 *
 * <p>The output channel is axis 0 for conv weights [out, in, kh, kw] and axis 1 for dense weights [in, out].
 */
final class BinaryWeights {
    private final boolean scaled;
    private final int channelAxis;
    private final SignFunction signFunction;
    private INDArray binary;
    private INDArray alpha;

    BinaryWeights(boolean scaled, int channelAxis, SignFunction signFunction) {
        this.scaled = scaled;
        this.channelAxis = channelAxis;
        this.signFunction = signFunction;
    }

    /** The effective weights for the forward pass (a new array); remembers what backward needs. */
    INDArray effective(INDArray latent) {
        binary = signFunction.apply(latent);
        if (!scaled) {
            alpha = null;
            return binary;
        }
        alpha = channelMean(Transforms.abs(latent, true));
        return Broadcast.mul(binary, alpha, binary.ulike(), channelAxis);
    }

    /** Per output channel c, {@code alpha_c}, of the last {@link #effective} call; null without SF. */
    INDArray alpha() {
        return alpha;
    }

    /** {@code dL/dW} (latent) from {@code dL/dWeff}; see the class comment for the formula. */
    INDArray latentGradient(INDArray latent, INDArray gradEffective) {
        INDArray steGrad = SignFunction.steGradient(latent, gradEffective);
        if (!scaled) {
            return steGrad;
        }
        INDArray result = Broadcast.mul(steGrad, alpha, steGrad.ulike(), channelAxis);
        INDArray perChannel = channelMean(gradEffective.mul(binary)); // (1/n_c) sum_j g_j B_j
        INDArray signLatent = SignFunction.sign(latent);
        return result.addi(Broadcast.mul(signLatent, perChannel, signLatent.ulike(), channelAxis));
    }

    private INDArray channelMean(INDArray a) {
        if (channelAxis == 0) {
            return a.reshape(a.size(0), -1).mean(1);
        }
        return a.mean(0);
    }
}
