package dev.bitflow.engine.fuse;

import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.training.EvaluationResult;
import dev.bitflow.engine.data.EvaluationTally;
import dev.bitflow.engine.data.LabeledData;
import java.util.function.Function;

/**
 * Scores a network, given as its class scores per example, on a data set: the prediction is the index of the
 * largest score (the first on ties, {@link FloatOps#argmax}), the loss the softmax cross-entropy of the scores in
 * double. The float network (eval of a {@code .bfm}) and the fused network (eval of a {@code .bff}) are scored by
 * this same code, so equal class scores give equal results.
 */
public final class Evaluation {
    private Evaluation() {
    }

    /** Accuracy, mean cross-entropy, per-class accuracy and confusion of {@code logits} on every example of {@code data}. */
    public static EvaluationResult of(LabeledData data, Function<float[], float[]> logits, TaskMonitor monitor) {
        EvaluationTally tally = new EvaluationTally(data);
        for (int e = 0; e < data.count(); e++) {
            if (e % 200 == 0) {
                monitor.checkCancelled();
                monitor.progress((double) e / data.count(), "evaluating example " + e + " of " + data.count());
            }
            float[] scores = logits.apply(data.example(e));
            tally.add(data.y()[e], FloatOps.argmax(scores));
            tally.addLoss(crossEntropy(scores, data.y()[e]));
        }
        monitor.progress(1.0, "evaluated " + data.count() + " examples");
        return tally.result();
    }

    /** {@code -log softmax(scores)[label]}, in double. */
    static double crossEntropy(float[] scores, int label) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : scores) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (float v : scores) {
            sum += Math.exp(v - max);
        }
        return -(scores[label] - max - Math.log(sum));
    }
}
