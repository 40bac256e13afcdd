package dev.bitflow.engine.train;

import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.PaddingMode;
import dev.bitflow.engine.api.definition.Precision;
import dev.bitflow.engine.api.definition.ScalingFactor;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.model.ParameterSet;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * 2-D convolution, float or binary weights, on ND4J's fused {@code conv2d} / {@code conv2d_bp} ops with the
 * weight format [out, in, kh, kw] (the ParameterSet layout, ND4J weight format 1), NCHW data.
 *
 * <p>Padding: {@link PaddingMode#ZERO} uses the op's own zero padding. {@link PaddingMode#PLUS_ONE} and
 * {@link PaddingMode#MINUS_ONE} copy the input into a larger array filled with +1 / -1 and convolve without
 * padding; the backward pass keeps the interior of the input gradient (the fill is a constant).
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
    private final boolean explicitPad;
    private INDArray paddedInput;
    private INDArray effectiveWeights;

    Conv2dLayer(Conv2dSpec spec, Shape in, DataType type, SplittableRandom random, SignFunction sign) {
        this.spec = spec;
        this.in = in;
        int k = spec.kernel();
        this.pad = spec.padding().amount();
        this.explicitPad = spec.padding().mode() == PaddingMode.PLUS_ONE || spec.padding().mode() == PaddingMode.MINUS_ONE;
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
        paddedInput = explicitPad ? padWith(x, spec.padding().mode() == PaddingMode.PLUS_ONE ? 1.0 : -1.0) : x;
        effectiveWeights = binary != null ? binary.effective(weights.value()) : weights.value();
        long n = x.size(0);
        INDArray result = Nd4j.create(x.dataType(), n, out.channels(), out.height(), out.width());
        DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv2d");
        if (bias != null) {
            op.addInputs(paddedInput, effectiveWeights, bias.value());
        } else {
            op.addInputs(paddedInput, effectiveWeights);
        }
        Nd4j.exec(op.addOutputs(result).addIntegerArguments(intArgs()).build());
        return result;
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        INDArray gradIn = paddedInput.ulike();
        INDArray gradW = effectiveWeights.ulike();
        DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv2d_bp");
        if (bias != null) {
            op.addInputs(paddedInput, effectiveWeights, bias.value(), gradOut).addOutputs(gradIn, gradW, bias.gradient());
        } else {
            op.addInputs(paddedInput, effectiveWeights, gradOut).addOutputs(gradIn, gradW);
        }
        Nd4j.exec(op.addIntegerArguments(intArgs()).build());
        weights.gradient().assign(binary != null ? binary.latentGradient(weights.value(), gradW) : gradW);
        if (explicitPad) {
            return gradIn.get(NDArrayIndex.all(), NDArrayIndex.all(),
                    NDArrayIndex.interval(pad, pad + in.height()), NDArrayIndex.interval(pad, pad + in.width())).dup();
        }
        return gradIn;
    }

    private int[] intArgs() {
        int k = spec.kernel();
        int s = spec.stride();
        int p = explicitPad ? 0 : pad;
        // kH, kW, sH, sW, pH, pW, dH, dW, sameMode=0, dataFormat=0 (NCHW), weightFormat=1 ([out, in, kh, kw])
        return new int[] {k, k, s, s, p, p, 1, 1, 0, 0, 1};
    }

    private INDArray padWith(INDArray x, double fill) {
        long[] s = x.shape();
        INDArray padded = Nd4j.valueArrayOf(new long[] {s[0], s[1], s[2] + 2L * pad, s[3] + 2L * pad}, fill, x.dataType());
        padded.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(pad, pad + s[2]),
                NDArrayIndex.interval(pad, pad + s[3])).assign(x);
        return padded;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> list = new ArrayList<>();
        list.add(weights);
        if (bias != null) {
            list.add(bias);
        }
        return list;
    }

    @Override
    public void exportTo(ParameterSet set) {
        for (Parameter p : parameters()) {
            set.put(name(), p.name(), Nd4jTensors.toTensor(p.value()));
        }
    }

    @Override
    public void importFrom(ParameterSet set) {
        for (Parameter p : parameters()) {
            Nd4jTensors.load(set, name(), p.name(), p.value());
        }
    }
}
