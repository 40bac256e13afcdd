package dev.bitflow.engine.train;

import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.Precision;
import dev.bitflow.engine.api.definition.ScalingFactor;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.model.ParameterSet;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Fully connected layer {@code y = x W + b} with W [in, out] (the ParameterSet layout), float or binary
 * weights (see {@link BinaryWeights}; the output channel is axis 1). Input [batch, in].
 */
final class DenseLayer implements TrainLayer {
    private final DenseSpec spec;
    private final Shape in;
    private final Shape out;
    private final Parameter weights;
    private final Parameter bias;
    private final BinaryWeights binary;
    private INDArray input;
    private INDArray effectiveWeights;

    DenseLayer(DenseSpec spec, Shape in, DataType type, SplittableRandom random, SignFunction sign) {
        if (!in.flat()) {
            throw new IllegalArgumentException("layer '" + spec.name() + "': dense needs a flat input, got " + in
                    + " (add a flatten layer before it)");
        }
        this.spec = spec;
        this.in = in;
        this.out = Shape.flat(spec.units());
        boolean isBinary = spec.weights() == Precision.BINARY;
        this.weights = new Parameter(spec.name(), ParameterSet.WEIGHTS, Initializers.glorotUniform(random, type,
                in.channels(), spec.units(), in.channels(), spec.units()), isBinary);
        this.bias = spec.bias() ? new Parameter(spec.name(), ParameterSet.BIAS, Nd4j.zeros(type, spec.units()), false)
                : null;
        this.binary = isBinary ? new BinaryWeights(spec.scaling() == ScalingFactor.MEAN_ABS, 1, sign) : null;
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public Shape inputShape() {
        return in;
    }

    @Override
    public Shape outputShape() {
        return out;
    }

    Parameter weights() {
        return weights;
    }

    @Override
    public INDArray forward(INDArray x, Pass pass) {
        input = x;
        effectiveWeights = binary != null ? binary.effective(weights.value()) : weights.value();
        INDArray y = x.mmul(effectiveWeights);
        if (bias != null) {
            y.addiRowVector(bias.value());
        }
        return y;
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        INDArray gradW = input.transpose().mmul(gradOut);
        weights.gradient().assign(binary != null ? binary.latentGradient(weights.value(), gradW) : gradW);
        if (bias != null) {
            bias.gradient().assign(gradOut.sum(0));
        }
        return gradOut.mmul(effectiveWeights.transpose());
    }

    @Override
    public List<Parameter> parameters() {
        return bias == null ? List.of(weights) : List.of(weights, bias);
    }
}
