package dev.bitflow.engine.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Softmax with mean cross-entropy over the batch: for logits z [n, k] and labels y,
 * {@code L = (1/n) sum_i (log sum_j exp(z_ij) - z_{i,y_i})}, computed with the row maximum subtracted;
 * {@code dL/dz = (softmax(z) - onehot(y)) / n}.
 */
final class SoftmaxCrossEntropy {
    /** Loss value, the gradient with respect to the logits, and the number of correct arg-max predictions. */
    record Result(double loss, INDArray gradient, int correct) {
    }

    Result compute(INDArray logits, int[] labels) {
        long n = logits.size(0);
        INDArray max = logits.max(1);
        INDArray z = Broadcast.sub(logits, max, logits.ulike(), 0);
        INDArray e = Transforms.exp(z, true);
        INDArray sum = e.sum(1);
        INDArray oneHot = oneHot(labels, logits);
        double picked = z.mul(oneHot).sumNumber().doubleValue();
        double logSum = Transforms.log(sum, true).sumNumber().doubleValue();
        double loss = (logSum - picked) / n;
        INDArray p = Broadcast.div(e, sum, e, 0);
        INDArray grad = p.subi(oneHot).divi(n);
        return new Result(loss, grad, correct(logits, labels));
    }

    static INDArray oneHot(int[] labels, INDArray like) {
        INDArray oneHot = Nd4j.zeros(like.dataType(), like.size(0), like.size(1));
        for (int i = 0; i < labels.length; i++) {
            oneHot.putScalar(i, labels[i], 1.0);
        }
        return oneHot;
    }

    static int correct(INDArray logits, int[] labels) {
        long[] predicted = logits.argMax(1).toLongVector();
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            if (predicted[i] == labels[i]) {
                correct++;
            }
        }
        return correct;
    }
}
