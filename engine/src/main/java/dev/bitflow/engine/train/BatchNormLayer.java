package dev.bitflow.engine.train;

import dev.bitflow.engine.api.definition.BatchNormSpec;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.model.ParameterSet;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Batch normalisation per channel (axis 1 of NCHW or of [batch, n]).
 *
 * <p>Training: over the m = batch*h*w values of a channel, {@code mu = mean(x)},
 * {@code var = mean((x - mu)^2)} (biased, as Keras/Larq), {@code xhat = (x - mu) / sqrt(var + eps)},
 * {@code y = gamma * xhat + beta}; running statistics {@code run = momentum * run + (1 - momentum) * batch}.
 * Inference uses the running statistics. Backward (training mode), with {@code d = dy * gamma}:
 * <pre>
 *   dx = 1/(m sqrt(var + eps)) * (m d - sum(d) - xhat * sum(d * xhat))
 *   dgamma = sum(dy * xhat), dbeta = sum(dy)
 * </pre>
 * With {@code learnGamma == false} gamma stays 1 and is exported as ones, so fusion sees the usual four
 * statistics. In inference mode the statistics are constants and {@code dx = dy * gamma / sqrt(var + eps)}.
 */
final class BatchNormLayer extends ShapePreservingLayer {
    private final BatchNormSpec spec;
    private final Parameter gamma;
    private final Parameter beta;
    private final INDArray runningMean;
    private final INDArray runningVar;
    private final int[] reduceDims;
    private INDArray xhat;
    private INDArray invStd;
    private boolean lastTraining;

    BatchNormLayer(BatchNormSpec spec, Shape shape, DataType type) {
        super(spec.name(), shape);
        this.spec = spec;
        int c = shape.channels();
        this.gamma = new Parameter(spec.name(), ParameterSet.GAMMA, Nd4j.ones(type, c), false);
        this.beta = new Parameter(spec.name(), ParameterSet.BETA, Nd4j.zeros(type, c), false);
        this.runningMean = Nd4j.zeros(type, c);
        this.runningVar = Nd4j.ones(type, c);
        this.reduceDims = shape.flat() ? new int[] {0} : new int[] {0, 2, 3};
    }

    INDArray runningMean() {
        return runningMean;
    }

    INDArray runningVar() {
        return runningVar;
    }

    @Override
    public INDArray forward(INDArray x, Pass pass) {
        lastTraining = pass.training();
        INDArray mean;
        INDArray centred;
        INDArray var;
        if (pass.training()) {
            mean = x.mean(reduceDims);
            centred = Broadcast.sub(x, mean, x.ulike(), 1);
            var = centred.mul(centred).mean(reduceDims);
            double mom = spec.momentum();
            runningMean.muli(mom).addi(mean.mul(1 - mom));
            runningVar.muli(mom).addi(var.mul(1 - mom));
        } else {
            mean = runningMean;
            centred = Broadcast.sub(x, mean, x.ulike(), 1);
            var = runningVar;
        }
        invStd = Transforms.pow(var.add(spec.epsilon()), -0.5, false);
        xhat = Broadcast.mul(centred, invStd, centred, 1);
        INDArray y = Broadcast.mul(xhat, gamma.value(), xhat.ulike(), 1);
        return Broadcast.add(y, beta.value(), y, 1);
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        double m = gradOut.length() / (double) inputShape().channels();
        if (spec.learnGamma()) {
            gamma.gradient().assign(gradOut.mul(xhat).sum(reduceDims));
        } else {
            gamma.gradient().assign(0);
        }
        beta.gradient().assign(gradOut.sum(reduceDims));
        INDArray d = Broadcast.mul(gradOut, gamma.value(), gradOut.ulike(), 1);
        if (!lastTraining) { // statistics are constants: dx = dy * gamma / sqrt(runVar + eps)
            return Broadcast.mul(d, invStd, d, 1);
        }
        INDArray sumD = d.sum(reduceDims);
        INDArray sumDX = d.mul(xhat).sum(reduceDims);
        INDArray dx = d.muli(m);
        Broadcast.sub(dx, sumD, dx, 1);
        INDArray xs = Broadcast.mul(xhat, sumDX, xhat.ulike(), 1);
        dx.subi(xs);
        return Broadcast.mul(dx, invStd.div(m), dx, 1);
    }

    @Override
    public List<Parameter> parameters() {
        return spec.learnGamma() ? List.of(gamma, beta) : List.of(beta);
    }

    @Override
    public void exportTo(ParameterSet set) {
        set.put(name(), ParameterSet.GAMMA, Nd4jTensors.toTensor(gamma.value()));
        set.put(name(), ParameterSet.BETA, Nd4jTensors.toTensor(beta.value()));
        set.put(name(), ParameterSet.MEAN, Nd4jTensors.toTensor(runningMean));
        set.put(name(), ParameterSet.VAR, Nd4jTensors.toTensor(runningVar));
    }

    @Override
    public void importFrom(ParameterSet set) {
        Nd4jTensors.load(set, name(), ParameterSet.GAMMA, gamma.value());
        Nd4jTensors.load(set, name(), ParameterSet.BETA, beta.value());
        Nd4jTensors.load(set, name(), ParameterSet.MEAN, runningMean);
        Nd4jTensors.load(set, name(), ParameterSet.VAR, runningVar);
    }
}
