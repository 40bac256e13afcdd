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
import org.nd4j.linalg.factory.Nd4j;

/**
 * 2-D convolution, float or binary weights, as im2col + GEMM on ND4J ops ({@code im2col}, {@code mmul},
 * {@code col2im}); weights [out, in, kh, kw] (the ParameterSet layout), NCHW data. With the patch matrix
 * P [n*oh*ow, in*kh*kw] and W2 = W reshaped [out, in*kh*kw]: {@code Y = P W2^T}, {@code dW2 = dY^T P},
 * {@code dP = dY W2}, and {@code dx = col2im(dP)}. (ND4J's fused {@code conv2d_bp} measured 2-4x slower
 * here; see docs/decisions/0020.)
 *
 * <p>Padding: im2col fills padded taps with 0 ({@link PaddingMode#ZERO}), +1 ({@link PaddingMode#PLUS_ONE})
 * or -1 ({@link PaddingMode#MINUS_ONE}); they are constants, so the backward pass drops their gradient.
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
    private INDArray columns;
    private INDArray effectiveWeights;
    private long batch;

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
        batch = x.size(0);
        int k = spec.kernel();
        int c = in.channels();
        // im2col into a [n, oh, ow, c, kh, kw] buffer (written through a permuted view), so that it is the
        // row-major patch matrix [n*oh*ow, c*kh*kw] without a copy
        INDArray col6 = Nd4j.create(x.dataType(), batch, out.height(), out.width(), c, k, k);
        Nd4j.exec(DynamicCustomOp.builder("im2col").addInputs(x).addOutputs(col6.permute(0, 3, 4, 5, 1, 2))
                .addIntegerArguments(k, k, spec.stride(), spec.stride(), pad, pad, 1, 1, 0)
                .addFloatingPointArguments(padValue).build());
        columns = col6.reshape('c', batch * out.height() * out.width(), (long) c * k * k);
        INDArray rows = columns.mmul(effectiveWeights.reshape('c', out.channels(), (long) c * k * k).transpose());
        if (bias != null) {
            rows.addiRowVector(bias.value());
        }
        return rows.reshape('c', batch, out.height(), out.width(), out.channels()).permute(0, 3, 1, 2).dup('c');
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        int k = spec.kernel();
        int c = in.channels();
        INDArray g = gradOut.permute(0, 2, 3, 1).dup('c').reshape('c', batch * out.height() * out.width(),
                out.channels());
        INDArray w2 = effectiveWeights.reshape('c', out.channels(), (long) c * k * k);
        INDArray gradW = g.transpose().mmul(columns).reshape('c', out.channels(), c, k, k);
        weights.gradient().assign(binary != null ? binary.latentGradient(weights.value(), gradW) : gradW);
        if (bias != null) {
            bias.gradient().assign(g.sum(0));
        }
        INDArray gradColumns = g.mmul(w2).reshape('c', batch, out.height(), out.width(), c, k, k)
                .permute(0, 3, 4, 5, 1, 2);
        INDArray gradIn = Nd4j.create(gradOut.dataType(), batch, c, in.height(), in.width());
        // padded taps (zero or +-1 fill) are constants: col2im drops their gradient
        Nd4j.exec(DynamicCustomOp.builder("col2im").addInputs(gradColumns).addOutputs(gradIn)
                .addIntegerArguments(spec.stride(), spec.stride(), pad, pad, in.height(), in.width(), 1, 1, 0).build());
        return gradIn;
    }

    @Override
    public List<Parameter> parameters() {
        return bias == null ? List.of(weights) : List.of(weights, bias);
    }
}
