package dev.bitflow.engine.train;

import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.PaddingMode;
import dev.bitflow.engine.api.definition.Precision;
import dev.bitflow.engine.api.definition.ScalingFactor;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.model.ParameterSet;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.transforms.Pad;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * 2-D convolution, float or binary weights, on ND4J's {@code conv2d} and {@code conv2d_bp} ops, which run on oneDNN
 * in the oneDNN builds (docs/decisions/0120); weights [out, in, kh, kw] (the ParameterSet layout, the ops' weight
 * format 1), NCHW data. Forward {@code y[n,o] = sum_{i,ky,kx} W[o,i,ky,kx] x[n,i,oy*s-p+ky,ox*s-p+kx] (+ b[o])};
 * backward {@code dW = sum_n corr(x, dy)}, {@code dx = conv_transpose(dy, W)}, {@code db = sum dy}.
 *
 * <p>Padding: {@link PaddingMode#ZERO} is the ops' own padding. For {@link PaddingMode#PLUS_ONE} and
 * {@link PaddingMode#MINUS_ONE} the input is padded with +1 or -1 first and the conv runs unpadded; the padded taps
 * are constants, so the backward pass keeps only the gradient of the inner part.
 *
 * <p>Binary weights: see {@link BinaryWeights}. The input of a binary conv is whatever the previous layer
 * gives (normally a {@code sign} layer), so this layer binarises weights only.
 */
final class Conv2dLayer implements TrainLayer {
    private final Conv2dSpec spec;
    private final Shape in;
    private final Shape out;
    private final Parameter weights;
    private final Parameter bias;
    private final BinaryWeights binary;
    private final int pad;
    private final double padValue;
    private INDArray input;
    private INDArray effectiveWeights;

    Conv2dLayer(Conv2dSpec spec, Shape in, DataType type, SplittableRandom random, SignFunction sign) {
        this.spec = spec;
        this.in = in;
        int k = spec.kernel();
        this.pad = spec.padding().amount();
        this.padValue = switch (spec.padding().mode()) {
            case PLUS_ONE -> 1.0;
            case MINUS_ONE -> -1.0;
            default -> 0.0;
        };
        int oh = (in.height() + 2 * pad - k) / spec.stride() + 1;
        int ow = (in.width() + 2 * pad - k) / spec.stride() + 1;
        this.out = Shape.spatial(spec.filters(), oh, ow);
        boolean isBinary = spec.weights() == Precision.BINARY;
        this.weights = new Parameter(spec.name(), ParameterSet.WEIGHTS, Initializers.glorotUniform(random, type,
                (long) in.channels() * k * k, (long) spec.filters() * k * k, spec.filters(), in.channels(), k, k),
                isBinary);
        this.bias = spec.bias() ? new Parameter(spec.name(), ParameterSet.BIAS,
                Nd4j.zeros(type, spec.filters()), false) : null;
        this.binary = isBinary ? new BinaryWeights(spec.scaling() == ScalingFactor.MEAN_ABS, 0, sign) : null;
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
        effectiveWeights = binary != null ? binary.effective(weights.value()) : weights.value();
        input = padValue == 0.0 ? x : Nd4j.pad(x, new int[][] {{0, 0}, {0, 0}, {pad, pad}, {pad, pad}},
                Pad.Mode.CONSTANT, padValue);
        INDArray y = Nd4j.create(x.dataType(), x.size(0), out.channels(), out.height(), out.width());
        INDArray[] inputs = bias == null ? new INDArray[] {input, effectiveWeights}
                : new INDArray[] {input, effectiveWeights, bias.value()};
        Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(inputs).addOutputs(y)
                .addIntegerArguments(convArguments()).build());
        return y;
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        INDArray gradInput = input.ulike();
        INDArray gradW = weights.value().ulike();
        INDArray g = gradOut.ordering() == 'c' && !gradOut.isView() ? gradOut : gradOut.dup('c');
        INDArray[] inputs = bias == null ? new INDArray[] {input, effectiveWeights, g}
                : new INDArray[] {input, effectiveWeights, bias.value(), g};
        INDArray[] outputs = bias == null ? new INDArray[] {gradInput, gradW}
                : new INDArray[] {gradInput, gradW, bias.gradient()};
        Nd4j.exec(DynamicCustomOp.builder("conv2d_bp").addInputs(inputs).addOutputs(outputs)
                .addIntegerArguments(convArguments()).build());
        weights.gradient().assign(binary != null ? binary.latentGradient(weights.value(), gradW) : gradW);
        if (padValue == 0.0) {
            return gradInput;
        }
        // the padded taps are constants: only the gradient of the inner part goes back
        return gradInput.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(pad, pad + in.height()),
                NDArrayIndex.interval(pad, pad + in.width())).dup('c');
    }

    /** kH, kW, sH, sW, pH, pW, dH, dW, same mode (0), data format NCHW (0), weight format [out, in, kh, kw] (1). */
    private int[] convArguments() {
        int k = spec.kernel();
        int p = padValue == 0.0 ? pad : 0;
        return new int[] {k, k, spec.stride(), spec.stride(), p, p, 1, 1, 0, 0, 1};
    }

    @Override
    public List<Parameter> parameters() {
        return bias == null ? List.of(weights) : List.of(weights, bias);
    }
}
