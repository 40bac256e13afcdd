package dev.bitflow.engine.reference;

import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.training.EvaluationResult;
import dev.bitflow.engine.data.EvaluationTally;
import dev.bitflow.engine.data.LabeledData;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Scores a network, given as its class scores per example, on a data set: the prediction is the index of the
 * largest score (the first on ties, {@link FloatOps#argmax}), the loss the softmax cross-entropy of the scores in
 * double. The float network (eval of a {@code .bfm}) and the fused network (eval of a {@code .bff}) are scored by
 * this same code, so equal class scores give equal results. Examples are split into contiguous ranges, one per
 * available processor; predictions and losses are tallied in example order, so the result does not depend on the
 * number of threads.
 */
public final class Evaluation {
    private Evaluation() {
    }

    /**
     * Accuracy, mean cross-entropy, per-class accuracy and confusion of {@code logits} on every example of
     * {@code data}; {@code logits} is called from several threads at once.
     */
    public static EvaluationResult of(LabeledData data, Function<float[], float[]> logits, TaskMonitor monitor) {
        int n = data.count();
        int[] predicted = new int[n];
        double[] loss = new double[n];
        int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), n / 50));
        AtomicInteger done = new AtomicInteger();
        ExampleRanges.run(n, threads, (from, to) -> {
            for (int e = from; e < to; e++) {
                int d = done.getAndIncrement();
                if (d % 200 == 0) {
                    monitor.checkCancelled();
                    monitor.progress((double) d / n, "evaluating example " + d + " of " + n);
                }
                float[] scores = logits.apply(data.example(e));
                predicted[e] = FloatOps.argmax(scores);
                loss[e] = crossEntropy(scores, data.y()[e]);
            }
            return null;
        });
        EvaluationTally tally = new EvaluationTally(data);
        for (int e = 0; e < n; e++) {
            tally.add(data.y()[e], predicted[e]);
            tally.addLoss(loss[e]);
        }
        monitor.progress(1.0, "evaluated " + n + " examples");
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
