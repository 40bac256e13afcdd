package dev.bitflow.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Central-difference gradient check of one layer in double precision: the scalar is
 * {@code f = sum(G * layer(x))} for a fixed random G; the layer's backward pass must match
 * {@code (f(v + h) - f(v - h)) / 2h} for sampled elements of the input and of every parameter.
 */
final class GradientChecker {
    static final double H = 1e-6;

    /** Sign surrogate anchored at a point: {@code sign(x0) + htanh(x) - htanh(x0)}; its exact derivative is the STE. */
    static final class AnchoredSign implements SignFunction {
        private final List<INDArray> anchors = new ArrayList<>();

        void anchor(INDArray value) {
            anchors.add(value.dup());
        }

        @Override
        public INDArray apply(INDArray x) {
            for (INDArray a : anchors) {
                if (java.util.Arrays.equals(a.shape(), x.shape())) {
                    return SignFunction.sign(a).addi(htanh(x)).subi(htanh(a));
                }
            }
            throw new IllegalStateException("no anchor for shape " + java.util.Arrays.toString(x.shape()));
        }

        private static INDArray htanh(INDArray x) {
            return Transforms.min(Transforms.max(x, -1.0, true), 1.0, false);
        }
    }

    private GradientChecker() {
    }

    /** Runs the check; returns the number of compared elements (all must agree). */
    static int check(TrainLayer layer, INDArray x, Pass pass, long seed, int samplesPerTensor) {
        SplittableRandom random = new SplittableRandom(seed);
        INDArray probe = layer.forward(x.dup(), pass);
        INDArray g = probe.ulike();
        for (long i = 0; i < g.length(); i++) {
            g.putScalar(i, random.nextDouble() * 2 - 1);
        }
        layer.forward(x.dup(), pass);
        INDArray dx = layer.backward(g.dup());
        List<INDArray> analyticParams = new ArrayList<>();
        for (Parameter p : layer.parameters()) {
            analyticParams.add(p.gradient().dup());
        }
        int compared = compare(layer.name() + " input", x, dx, () -> value(layer, x, g, pass), random, samplesPerTensor);
        List<Parameter> params = layer.parameters();
        for (int k = 0; k < params.size(); k++) {
            Parameter p = params.get(k);
            compared += compare(layer.name() + " " + p.name(), p.value(), analyticParams.get(k),
                    () -> value(layer, x, g, pass), random, samplesPerTensor);
        }
        return compared;
    }

    private static double value(TrainLayer layer, INDArray x, INDArray g, Pass pass) {
        return layer.forward(x.dup(), pass).mul(g).sumNumber().doubleValue();
    }

    private static int compare(String what, INDArray target, INDArray analytic, java.util.function.DoubleSupplier f,
                               SplittableRandom random, int samples) {
        long n = target.length();
        int count = (int) Math.min(n, samples);
        for (int s = 0; s < count; s++) {
            long i = n <= samples ? s : random.nextLong(n);
            double original = target.getDouble(i);
            target.putScalar(i, original + H);
            double plus = f.getAsDouble();
            target.putScalar(i, original - H);
            double minus = f.getAsDouble();
            target.putScalar(i, original);
            double numeric = (plus - minus) / (2 * H);
            double a = analytic.getDouble(i);
            assertThat(Math.abs(a - numeric))
                    .as("%s element %d: analytic %s numeric %s", what, i, a, numeric)
                    .isLessThanOrEqualTo(1e-6 + 1e-5 * Math.max(Math.abs(a), Math.abs(numeric)));
        }
        return count;
    }
}
