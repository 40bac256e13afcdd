package dev.bitflow.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.engine.api.definition.BatchNormSpec;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.Padding;
import dev.bitflow.engine.api.definition.PaddingMode;
import dev.bitflow.engine.api.definition.Precision;
import dev.bitflow.engine.api.definition.ScalingFactor;
import dev.bitflow.engine.api.definition.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Numerical gradient checks (double precision) for every training layer, including the STE window and SF. */
class LayerGradientCheckTest {
    private static final Pass TRAIN = new Pass(true, 42);

    @BeforeAll
    static void oneThread() {
        ComputeThreads.set(1); // fast on a busy machine (decision 0022)
    }

    /** Uniform values in [lo, hi], kept at least {@code margin} away from 0, -1 and +1 (the kinks). */
    static INDArray uniform(long seed, double lo, double hi, double margin, long... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        INDArray a = Nd4j.create(DataType.DOUBLE, shape);
        for (long i = 0; i < a.length(); i++) {
            double v;
            do {
                v = lo + (hi - lo) * r.nextDouble();
            } while (Math.abs(v) < margin || Math.abs(Math.abs(v) - 1) < margin);
            a.putScalar(i, v);
        }
        return a;
    }

    @ParameterizedTest(name = "conv {0} sf={1} pad={2}x{3} stride={4} bias={5}")
    @CsvSource({
            "FLOAT, NONE, VALID, 0, 1, true",
            "FLOAT, NONE, ZERO, 1, 1, false",
            "FLOAT, NONE, ZERO, 1, 2, true",
            "BINARY, NONE, ZERO, 1, 1, false",
            "BINARY, MEAN_ABS, ZERO, 1, 1, false",
            "BINARY, MEAN_ABS, PLUS_ONE, 1, 1, false",
            "BINARY, NONE, MINUS_ONE, 1, 2, false",
            "BINARY, MEAN_ABS, VALID, 0, 2, true"})
    void conv2d(Precision precision, ScalingFactor sf, PaddingMode mode, int pad, int stride, boolean bias) {
        var spec = new Conv2dSpec("conv", 4, 3, stride, new Padding(mode, pad), precision, sf, bias);
        var sign = new GradientChecker.AnchoredSign();
        var layer = new Conv2dLayer(spec, Shape.spatial(3, 6, 6), DataType.DOUBLE, new SplittableRandom(1), sign);
        // latent weights inside and outside the STE window (|w| > 1 happens only before clipping)
        layer.weights().value().assign(uniform(7, -1.4, 1.4, 0.02, 4, 3, 3, 3));
        sign.anchor(layer.weights().value());
        INDArray x = uniform(3, -2, 2, 0.02, 2, 3, 6, 6);
        assertThat(GradientChecker.check(layer, x, TRAIN, 11, 60)).isGreaterThan(100);
    }

    /**
     * The float conv runs on oneDNN in the oneDNN builds, the double one (checked above) on libnd4j's own loops: both
     * must compute the same function and gradients, to float32 accuracy.
     */
    @ParameterizedTest(name = "float conv {0} sf={1} pad={2}x{3} stride={4} bias={5} = double conv")
    @CsvSource({
            "FLOAT, NONE, VALID, 0, 1, true",
            "FLOAT, NONE, ZERO, 1, 1, false",
            "FLOAT, NONE, ZERO, 2, 2, true",
            "BINARY, MEAN_ABS, ZERO, 1, 1, false",
            "BINARY, MEAN_ABS, PLUS_ONE, 1, 1, false",
            "BINARY, NONE, MINUS_ONE, 2, 2, false"})
    void floatConvEqualsDoubleConv(Precision precision, ScalingFactor sf, PaddingMode mode, int pad, int stride,
                                   boolean bias) {
        var spec = new Conv2dSpec("conv", 16, 3, stride, new Padding(mode, pad), precision, sf, bias);
        Shape in = Shape.spatial(8, 9, 9);
        var d = new Conv2dLayer(spec, in, DataType.DOUBLE, new SplittableRandom(1), SignFunction.SIGN);
        var f = new Conv2dLayer(spec, in, DataType.FLOAT, new SplittableRandom(1), SignFunction.SIGN);
        INDArray w = uniform(7, -1.4, 1.4, 0.02, 16, 8, 3, 3);
        d.weights().value().assign(w);
        f.weights().value().assign(w.castTo(DataType.FLOAT));
        if (bias) {
            INDArray b = uniform(9, -1, 1, 0.02, 16);
            d.parameters().get(1).value().assign(b);
            f.parameters().get(1).value().assign(b.castTo(DataType.FLOAT));
        }
        INDArray x = uniform(3, -2, 2, 0.02, 5, 8, 9, 9);
        INDArray yd = d.forward(x, TRAIN);
        INDArray yf = f.forward(x.castTo(DataType.FLOAT), TRAIN);
        assertThat(yf.shape()).isEqualTo(yd.shape());
        assertClose(yf, yd);
        INDArray g = uniform(5, -1, 1, 0.0, yd.shape());
        assertClose(f.backward(g.castTo(DataType.FLOAT)), d.backward(g));
        for (int i = 0; i < d.parameters().size(); i++) {
            assertClose(f.parameters().get(i).gradient(), d.parameters().get(i).gradient());
        }
    }

    private static void assertClose(INDArray actualFloat, INDArray expectedDouble) {
        double[] a = actualFloat.castTo(DataType.DOUBLE).ravel().toDoubleVector();
        double[] e = expectedDouble.ravel().toDoubleVector();
        assertThat(a).hasSameSizeAs(e);
        double scale = 0;
        for (double v : e) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < a.length; i++) {
            assertThat(a[i]).as("element %d", i).isCloseTo(e[i], org.assertj.core.data.Offset.offset(1e-5 * scale + 1e-6));
        }
    }

    @ParameterizedTest(name = "dense {0} sf={1} bias={2}")
    @CsvSource({"FLOAT, NONE, true", "BINARY, NONE, false", "BINARY, MEAN_ABS, false", "BINARY, MEAN_ABS, true"})
    void dense(Precision precision, ScalingFactor sf, boolean bias) {
        var spec = new DenseSpec("fc", 5, precision, sf, bias);
        var sign = new GradientChecker.AnchoredSign();
        var layer = new DenseLayer(spec, Shape.flat(12), DataType.DOUBLE, new SplittableRandom(2), sign);
        layer.weights().value().assign(uniform(8, -1.4, 1.4, 0.02, 12, 5));
        sign.anchor(layer.weights().value());
        INDArray x = uniform(4, -2, 2, 0.02, 3, 12);
        assertThat(GradientChecker.check(layer, x, TRAIN, 12, 60)).isGreaterThan(60);
    }

    @Test
    void scalingFactorGradientHasTheCrossTermThatThePaperFormulaDrops() {
        // dL/dW_i = alpha * g_i * 1{|W_i|<=1} + sign(W_i)/n * sum_j g_j sign(W_j): check one channel by hand.
        var weights = new BinaryWeights(true, 1, SignFunction.SIGN);
        INDArray w = Nd4j.createFromArray(new double[][] {{0.5}, {-0.25}, {2.0}});
        INDArray eff = weights.effective(w);
        double alpha = (0.5 + 0.25 + 2.0) / 3;
        assertThat(eff.toDoubleVector()).containsExactly(alpha, -alpha, alpha);
        INDArray g = Nd4j.createFromArray(new double[][] {{1.0}, {2.0}, {3.0}});
        double cross = (1.0 * 1 + 2.0 * -1 + 3.0 * 1) / 3;
        assertThat(weights.latentGradient(w, g).toDoubleVector()).containsExactly(
                alpha * 1.0 + cross, alpha * 2.0 - cross, 0.0 + cross);
    }

    @Test
    void signForwardMapsZeroToPlusOneAndBackwardIsTheHardTanhWindow() {
        var layer = new SignLayer("s", Shape.flat(5), SignFunction.SIGN);
        INDArray x = Nd4j.createFromArray(-2.0, -1.0, 0.0, 0.5, 1.5).reshape(1, 5);
        assertThat(layer.forward(x, TRAIN).toDoubleVector()).containsExactly(-1, -1, 1, 1, 1);
        assertThat(layer.plusOneRate()).isEqualTo(0.6);
        assertThat(layer.backward(Nd4j.ones(DataType.DOUBLE, 1, 5)).toDoubleVector()).containsExactly(0, 1, 1, 1, 0);
    }

    @Test
    void signSteWindow() {
        var sign = new GradientChecker.AnchoredSign();
        var layer = new SignLayer("sign", Shape.spatial(2, 3, 3), sign);
        INDArray x = uniform(5, -2, 2, 0.02, 2, 2, 3, 3);
        sign.anchor(x);
        GradientChecker.check(layer, x, TRAIN, 13, 100);
        // both sides of the window occur in the sample
        assertThat(x.amax().getDouble(0)).isGreaterThan(1);
    }

    @ParameterizedTest(name = "batchnorm spatial={0} learnGamma={1} training={2}")
    @CsvSource({"true, true, true", "true, false, true", "false, true, true", "true, true, false"})
    void batchNorm(boolean spatial, boolean learnGamma, boolean training) {
        Shape shape = spatial ? Shape.spatial(3, 4, 4) : Shape.flat(6);
        var layer = new BatchNormLayer(new BatchNormSpec("bn", 1e-3, 0.9, learnGamma), shape, DataType.DOUBLE);
        layer.parameters().forEach(p -> p.value().assign(uniform(9, 0.5, 1.5, 0.0, p.value().shape())));
        layer.runningMean().assign(uniform(10, -0.5, 0.5, 0.0, shape.channels()));
        layer.runningVar().assign(uniform(11, 0.5, 2.0, 0.0, shape.channels()));
        INDArray x = spatial ? uniform(6, -2, 2, 0, 3, 3, 4, 4) : uniform(6, -2, 2, 0, 5, 6);
        GradientChecker.check(layer, x, training ? TRAIN : Pass.INFERENCE, 14, 60);
    }

    @ParameterizedTest(name = "{0} pool size {1} stride {2}")
    @CsvSource({"MAX, 2, 2", "MAX, 3, 2", "AVG, 2, 2", "AVG, 3, 1"})
    void pooling(PoolLayer.Kind kind, int size, int stride) {
        var layer = new PoolLayer("pool", kind, size, stride, Shape.spatial(2, 6, 6));
        GradientChecker.check(layer, uniform(15, -2, 2, 0, 2, 2, 6, 6), TRAIN, 16, 100);
    }

    @Test
    void dropoutAndFlatten() {
        var dropout = new DropoutLayer("drop", Shape.flat(20), 0.3, 1);
        GradientChecker.check(dropout, uniform(17, -2, 2, 0, 4, 20), TRAIN, 18, 80);
        var flatten = new FlattenLayer("flat", Shape.spatial(3, 2, 2));
        INDArray x = uniform(19, -2, 2, 0, 2, 3, 2, 2);
        GradientChecker.check(flatten, x, TRAIN, 20, 24);
        // channel-major: element (n=0, c=1, y=0, x=1) lands at 1*4 + 0*2 + 1 = 5
        assertThat(flatten.forward(x, TRAIN).getDouble(0, 5)).isEqualTo(x.getDouble(0, 1, 0, 1));
    }

    @Test
    void softmaxCrossEntropy() {
        var loss = new SoftmaxCrossEntropy();
        INDArray logits = uniform(21, -3, 3, 0, 4, 5);
        int[] labels = {0, 3, 4, 1};
        INDArray grad = loss.compute(logits, labels).gradient();
        for (long i = 0; i < logits.length(); i++) {
            double o = logits.getDouble(i);
            logits.putScalar(i, o + GradientChecker.H);
            double plus = loss.compute(logits, labels).loss();
            logits.putScalar(i, o - GradientChecker.H);
            double minus = loss.compute(logits, labels).loss();
            logits.putScalar(i, o);
            assertThat(grad.getDouble(i)).isCloseTo((plus - minus) / (2 * GradientChecker.H),
                    org.assertj.core.data.Offset.offset(1e-7));
        }
    }
}
