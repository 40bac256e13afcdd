package dev.bitflow.engine.api.training;

import java.util.List;

/**
 * Accuracy of a model on a labelled test set.
 *
 * @param dataset          what was evaluated, for example {@code fashion-mnist test (/usr/share/datasets/fashion-mnist)}
 * @param examples         number of test examples
 * @param accuracy         fraction classified correctly
 * @param loss             mean cross-entropy
 * @param classNames       class names, index = label
 * @param perClassAccuracy per true class, the fraction classified correctly
 * @param confusion        confusion.get(trueClass).get(predictedClass) = count
 */
public record EvaluationResult(String dataset, int examples, double accuracy, double loss, List<String> classNames,
                               List<Double> perClassAccuracy, List<List<Integer>> confusion) {
    public EvaluationResult {
        classNames = List.copyOf(classNames);
        perClassAccuracy = List.copyOf(perClassAccuracy);
        confusion = confusion.stream().map(List::copyOf).toList();
    }
}
