package dev.bitflow.engine.api.analysis;

import java.util.List;

/**
 * Per layer and channel, the +1 rate of a trained model's binary activations over the first {@code examples}
 * test images, and its dead (constant) and nearly-constant channels.
 *
 * @param model     the model's name
 * @param data      the data the rates were counted on
 * @param examples  how many test images
 * @param threshold the nearly-constant threshold (rate &lt;= t or &gt;= 1 - t)
 * @param path      which forward pass computed the bits
 * @param layers    one entry per layer that outputs bits, in network order
 */
public record ActivationRates(String model, String data, int examples, double threshold, ActivationPath path,
                              List<LayerActivationRates> layers) {
    public ActivationRates {
        layers = List.copyOf(layers);
    }

    /** Constant channels over all layers. */
    public int constantChannels() {
        return layers.stream().mapToInt(LayerActivationRates::constant).sum();
    }

    /** Nearly-constant channels over all layers (constant ones included). */
    public int nearlyConstantChannels() {
        return layers.stream().mapToInt(LayerActivationRates::nearlyConstant).sum();
    }

    /** Channels over all layers. */
    public int channels() {
        return layers.stream().mapToInt(LayerActivationRates::channels).sum();
    }
}
