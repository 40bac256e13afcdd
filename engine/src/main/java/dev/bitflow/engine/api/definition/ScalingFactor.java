package dev.bitflow.engine.api.definition;

/**
 * Scaling factor of a binary layer (XNOR-Net). {@link #MEAN_ABS}: per output channel c,
 * {@code alpha_c = mean(|W_c|)} over that filter's latent float weights; the layer outputs
 * {@code alpha_c * s_c} where {@code s_c} is the integer ±1 dot product. At inference BatchNorm cancels it
 * (BitFlow-Net, IEEE Access 2019, section III); in training it changes the gradients.
 */
public enum ScalingFactor {
    NONE,
    MEAN_ABS
}
