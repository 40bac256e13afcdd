package dev.bitflow.engine.data;

import dev.bitflow.engine.api.definition.Shape;
import java.util.List;

/**
 * Normalised labelled examples ready for training or inference: {@code x} holds {@code count} examples of
 * {@code exampleShape}, row-major [count, c, h, w] float32; {@code y} the labels 0..classNames.size()-1.
 *
 * @param name   what this is, for messages (for example {@code fashion-mnist test (mini)})
 * @param sha256 SHA-256 of the source files, for provenance
 */
public record LabeledData(String name, float[] x, int[] y, int count, Shape exampleShape, List<String> classNames,
                          String sha256) {
    public LabeledData {
        if (y.length != count || (long) x.length != count * exampleShape.size()) {
            throw new IllegalArgumentException(name + ": sizes do not match count " + count);
        }
        classNames = List.copyOf(classNames);
    }

    public int classes() {
        return classNames.size();
    }
}
