package dev.bitflow.engine.api.analysis;

import dev.bitflow.engine.api.data.ImageSample;
import java.util.List;

/**
 * Every binary activation of a trained model for one test image.
 *
 * @param model      the model's name
 * @param image      the test image as stored (raw pixels, label and class name)
 * @param prediction the class the path predicts (index into the data set's classes)
 * @param predictionName its class name
 * @param path       which forward pass computed the bits
 * @param layers     one map per layer that outputs bits, in network order
 */
public record ActivationTrace(String model, ImageSample image, int prediction, String predictionName,
                              ActivationPath path, List<ActivationMap> layers) {
    public ActivationTrace {
        layers = List.copyOf(layers);
    }
}
