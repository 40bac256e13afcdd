package dev.bitflow.engine.api.fusion;

/**
 * One fused layer as the BatchShift table shows it.
 *
 * @param kind      {@code first} (float threshold), {@code binary} (BatchShift) or {@code output} (additions)
 * @param channels  output channels
 * @param dotLength K: kernel * kernel * input channels, or dense inputs
 * @param minShift  smallest BatchShift B over non-constant channels (binary layers; 0 otherwise)
 * @param maxShift  largest B
 * @param bitWidth  two's-complement bits that hold every B of the layer (binary layers; 0 otherwise)
 * @param flipped   channels with gamma &lt; 0 (weights negated, or a "below" threshold for the first layer)
 * @param constant  channels with gamma == 0 (output fixed to sign(beta)), or a zero scaling factor
 * @param andPools  max pools fused before BatchNorm (threshold then OR/AND per channel)
 * @param orPools   max pools after BatchNorm or after the sign (OR of bits)
 */
public record FusedLayerSummary(String name, String kind, int channels, int dotLength, int minShift, int maxShift,
                                int bitWidth, int flipped, int constant, int andPools, int orPools) {
}
