package dev.bitflow.engine.api.fusion;

import dev.bitflow.engine.api.definition.Shape;

/**
 * The fused output layer: a dense layer on ±1 inputs, computed with additions and subtractions of its float32
 * weights only, then the optional scaling factor, bias and BatchNorm, in this order and in float32 (every
 * operation rounded, no fused multiply-add), exactly as the workbench computes the class scores:
 * <pre>
 *   acc[j] = 0;  for i = 0 .. inputs-1:  acc[j] += bit[i] ? W[i, j] : -W[i, j]
 *   acc[j] = alpha[j] * acc[j]          (if alpha)
 *   acc[j] = acc[j] + bias[j]           (if bias)
 *   acc[j] = ((gamma[j] * (acc[j] - mean[j])) / sigma[j]) + beta[j]     (if batchNorm)
 * </pre>
 * The predicted class is the index of the largest score (the first on ties).
 *
 * @param input        input shape (after a flatten: the spatial shape before it)
 * @param flattenInput the input map is flattened channel-major ({@code i = (c * H + y) * W + x})
 * @param inputs       input length
 * @param outputs      number of classes
 * @param weights      {@code [inputs, outputs]} row-major (±1 for binary weights)
 * @param alpha        scaling factor per class, or null
 * @param bias         bias per class, or null
 * @param batchNorm    the BatchNorm after the layer, or null
 * @param binaryWeights whether the layer's weights are binary (then {@code weights} are ±1)
 */
public record OutputLayerContent(String name, Shape input, boolean flattenInput, int inputs, int outputs,
                                 float[] weights, float[] alpha, float[] bias, OutputBatchNorm batchNorm,
                                 boolean binaryWeights) implements FusedLayerContent {
    public OutputLayerContent {
        weights = weights.clone();
        alpha = alpha == null ? null : alpha.clone();
        bias = bias == null ? null : bias.clone();
    }

    @Override
    public Kind kind() {
        return Kind.OUTPUT;
    }

    @Override
    public Shape output() {
        return Shape.flat(outputs);
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
}
