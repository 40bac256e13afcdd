package dev.bitflow.engine.api.training;

import dev.bitflow.engine.api.analysis.ActivationMap;
import java.util.List;

/**
 * What a model predicts for each of the first test examples of its data set, for comparisons with other runtimes
 * (exported C, ONNX Runtime, PyTorch).
 *
 * @param dataset    what was run, for example {@code fashion-mnist test (mini)}
 * @param classes    number of classes (scores per example)
 * @param labels     per example its label
 * @param predicted  per example the predicted class (the index of the largest score, the first on ties)
 * @param scores     class scores (logits), {@code [examples, classes]} row-major
 * @param layerBits  per example, every fused layer's output bits (first and binary layers, after their pools), when
 *                   they were asked for; otherwise empty
 */
public record Predictions(String dataset, int classes, int[] labels, int[] predicted, float[] scores,
                          List<List<ActivationMap>> layerBits) {
    public Predictions {
        if (predicted.length != labels.length || (long) scores.length != (long) labels.length * classes) {
            throw new IllegalArgumentException("predictions of " + labels.length + " examples do not match");
        }
        labels = labels.clone();
        predicted = predicted.clone();
        scores = scores.clone();
        layerBits = layerBits.stream().map(List::copyOf).toList();
    }

    public int examples() {
        return labels.length;
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    @Override
    public int[] predicted() {
        return predicted.clone();
    }

    @Override
    public float[] scores() {
        return scores.clone();
    }

    /** The predicted class of example {@code e}. */
    public int predicted(int e) {
        return predicted[e];
    }

    /** The score of class {@code c} for example {@code e}. */
    public float score(int e, int c) {
        return scores[e * classes + c];
    }
}
