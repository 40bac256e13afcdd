package dev.bitflow.engine.train;

import dev.bitflow.engine.api.definition.Shape;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Max or average pooling over square windows without padding, on ND4J's {@code maxpool2d} /
 * {@code avgpool2d} ops and their {@code _bp} ops (max: the gradient goes to the arg-max of each window; avg:
 * spread evenly). Output size {@code floor((h - size) / stride) + 1}.
 */
final class PoolLayer implements TrainLayer {
    enum Kind { MAX, AVG }

    private final String name;
    private final Kind kind;
    private final int size;
    private final int stride;
    private final Shape in;
    private final Shape out;
    private INDArray input;

    PoolLayer(String name, Kind kind, int size, int stride, Shape in) {
        if (in.flat()) {
            throw new IllegalArgumentException("layer '" + name + "': pooling needs a spatial input, got " + in);
        }
        this.name = name;
        this.kind = kind;
        this.size = size;
        this.stride = stride;
        this.in = in;
        this.out = Shape.spatial(in.channels(), (in.height() - size) / stride + 1, (in.width() - size) / stride + 1);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Shape inputShape() {
        return in;
    }

    @Override
    public Shape outputShape() {
        return out;
    }

    @Override
    public INDArray forward(INDArray x, Pass pass) {
        input = x;
        INDArray y = Nd4j.create(x.dataType(), x.size(0), out.channels(), out.height(), out.width());
        Nd4j.exec(DynamicCustomOp.builder(kind == Kind.MAX ? "maxpool2d" : "avgpool2d")
                .addInputs(x).addOutputs(y).addIntegerArguments(intArgs()).build());
        return y;
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        INDArray gradIn = input.ulike();
        Nd4j.exec(DynamicCustomOp.builder(kind == Kind.MAX ? "maxpool2d_bp" : "avgpool2d_bp")
                .addInputs(input, gradOut).addOutputs(gradIn).addIntegerArguments(intArgs()).build());
        return gradIn;
    }

    private int[] intArgs() {
        // kH, kW, sH, sW, pH, pW, dH, dW, sameMode=0, extra (avg: 1 = divide by the window size), NCHW=0
        return new int[] {size, size, stride, stride, 0, 0, 1, 1, 0, 1, 0};
    }
}
