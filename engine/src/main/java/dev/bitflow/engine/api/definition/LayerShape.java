package dev.bitflow.engine.api.definition;

/**
 * Inferred shapes of one layer.
 *
 * @param layer       the layer name
 * @param type        the layer type ({@code conv2d}, ...)
 * @param input       the input shape, or {@code null} if unknown because an earlier layer has a shape error
 * @param output      the output shape, or {@code null} if this layer (or an earlier one) has a shape error
 * @param binaryInput whether the input values are binary ({@code ±1}: they come from a sign, possibly
 *                    through max-pool, flatten or dropout)
 */
public record LayerShape(String layer, LayerType type, Shape input, Shape output, boolean binaryInput) {
}
