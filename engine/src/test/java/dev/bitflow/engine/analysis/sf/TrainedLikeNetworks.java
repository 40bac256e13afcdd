package dev.bitflow.engine.analysis.sf;

import dev.bitflow.engine.api.definition.BatchNormSpec;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DatasetRef;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.FlattenSpec;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.LrSchedule;
import dev.bitflow.engine.api.definition.MaxPoolSpec;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.Normalization;
import dev.bitflow.engine.api.definition.Optimizer;
import dev.bitflow.engine.api.definition.Padding;
import dev.bitflow.engine.api.definition.Precision;
import dev.bitflow.engine.api.definition.ScalingFactor;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.api.definition.SignSpec;
import dev.bitflow.engine.api.definition.SoftmaxSpec;
import dev.bitflow.engine.api.definition.TrainingSpec;
import dev.bitflow.engine.data.LabeledData;
import dev.bitflow.engine.model.ParameterSet;
import dev.bitflow.engine.model.Tensor;
import dev.bitflow.engine.model.TrainedNetwork;
import dev.bitflow.engine.reference.FloatReferenceForward;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Random networks that look trained: random latent weights in [-1, 1] (so alpha varies per channel), random
 * biases, gammas that are positive, negative or zero, random betas, and BatchNorm running statistics
 * <em>measured</em> on calibration data layer by layer with the float reference path, as training would leave
 * them (so thresholds fall inside the range of the pre-activations and the signs really vary).
 */
final class TrainedLikeNetworks {
    static final TrainingSpec TRAINING = new TrainingSpec(Optimizer.ADAM, 1e-3, 0.9, LrSchedule.CONSTANT, 1, 32, 1, 0.1);

    private TrainedLikeNetworks() {
    }

    /** A small fashion-bcnn: float conv, two binary convs (one with bias, pool before BN), binary dense, float dense. */
    static NetworkDefinition smallBcnn(Shape input) {
        return definition("small-bcnn", input, List.of(
                new Conv2dSpec("conv1", 8, 3, 1, Padding.zero(1), Precision.FLOAT, ScalingFactor.NONE, false),
                new MaxPoolSpec("pool1", 2, 2), bn("bn1"), new SignSpec("sign1"),
                new Conv2dSpec("conv2", 16, 3, 1, Padding.zero(1), Precision.BINARY, ScalingFactor.MEAN_ABS, true),
                new MaxPoolSpec("pool2", 2, 2), bn("bn2"), new SignSpec("sign2"),
                new Conv2dSpec("conv3", 16, 3, 1, Padding.zero(0), Precision.BINARY, ScalingFactor.MEAN_ABS, false),
                bn("bn3"), new SignSpec("sign3"), new FlattenSpec("flatten"),
                new DenseSpec("fc1", 32, Precision.BINARY, ScalingFactor.MEAN_ABS, true), bn("bn4"), new SignSpec("sign4"),
                new DenseSpec("fc2", 10, Precision.FLOAT, ScalingFactor.NONE, true), new SoftmaxSpec("softmax")));
    }

    static NetworkDefinition definition(String name, Shape input, List<LayerSpec> layers) {
        return new NetworkDefinition(NetworkDefinition.CURRENT_FORMAT_VERSION, name, "trained-like test network", input,
                layers, TRAINING, new DatasetRef("fashion-mnist", List.of(), Normalization.MINUS_ONE_TO_ONE));
    }

    static BatchNormSpec bn(String name) {
        return new BatchNormSpec(name, 1e-5, 0.9, true);
    }

    /**
     * Random parameters for {@code def}; the BatchNorm statistics are the mean and population variance of each
     * BatchNorm's input over {@code calibration}, measured in network order.
     */
    static TrainedNetwork create(NetworkDefinition def, LabeledData calibration, long seed) {
        Random r = new Random(seed);
        ParameterSet ps = new ParameterSet();
        Shape shape = def.input();
        List<BatchNormSpec> norms = new ArrayList<>();
        for (LayerSpec l : def.layers()) {
            if (l instanceof Conv2dSpec c) {
                ps.put(c.name(), ParameterSet.WEIGHTS, uniform(r, 1f, c.filters(), shape.channels(), c.kernel(), c.kernel()));
                if (c.bias()) {
                    ps.put(c.name(), ParameterSet.BIAS, uniform(r, 0.5f, c.filters()));
                }
                int pad = c.padding().amount();
                shape = Shape.spatial(c.filters(), (shape.height() + 2 * pad - c.kernel()) / c.stride() + 1,
                        (shape.width() + 2 * pad - c.kernel()) / c.stride() + 1);
            } else if (l instanceof DenseSpec d) {
                ps.put(d.name(), ParameterSet.WEIGHTS, uniform(r, 1f, (int) shape.size(), d.units()));
                if (d.bias()) {
                    ps.put(d.name(), ParameterSet.BIAS, uniform(r, 0.5f, d.units()));
                }
                shape = Shape.flat(d.units());
            } else if (l instanceof BatchNormSpec b) {
                int n = shape.channels();
                float[] gamma = new float[n];
                float[] beta = new float[n];
                for (int c = 0; c < n; c++) {
                    int kind = r.nextInt(8);
                    gamma[c] = kind == 0 ? 0f : (float) ((kind < 3 ? -1 : 1) * (0.3 + r.nextDouble()));
                    beta[c] = (float) (r.nextGaussian() * 0.4);
                }
                float[] ones = new float[n];
                Arrays.fill(ones, 1f);
                ps.put(b.name(), ParameterSet.GAMMA, new Tensor(new int[] {n}, gamma));
                ps.put(b.name(), ParameterSet.BETA, new Tensor(new int[] {n}, beta));
                ps.put(b.name(), ParameterSet.MEAN, new Tensor(new int[] {n}, new float[n]));
                ps.put(b.name(), ParameterSet.VAR, new Tensor(new int[] {n}, ones));
                norms.add(b);
            } else if (l instanceof MaxPoolSpec p) {
                shape = Shape.spatial(shape.channels(), (shape.height() - p.size()) / p.stride() + 1,
                        (shape.width() - p.size()) / p.stride() + 1);
            } else if (l instanceof FlattenSpec) {
                shape = Shape.flat((int) shape.size());
            }
        }
        for (BatchNormSpec b : norms) {
            calibrate(new TrainedNetwork(def, ps, null), b, calibration, ps);
        }
        return new TrainedNetwork(def, ps, null);
    }

    private static void calibrate(TrainedNetwork net, BatchNormSpec b, LabeledData data, ParameterSet ps) {
        FloatReferenceForward ref = new FloatReferenceForward(net);
        int bnIndex = net.definition().layers().indexOf(b);
        int channels = ref.outputShape(bnIndex).channels();
        int plane = (int) (ref.outputShape(bnIndex).size() / channels);
        double[] sum = new double[channels];
        double[] sq = new double[channels];
        int size = data.exampleSize();
        for (int e = 0; e < data.count(); e++) {
            float[] y = ref.forward(data.example(e)).outputs()[bnIndex - 1];
            for (int c = 0; c < channels; c++) {
                for (int p = 0; p < plane; p++) {
                    double v = y[c * plane + p];
                    sum[c] += v;
                    sq[c] += v * v;
                }
            }
        }
        float[] mean = new float[channels];
        float[] var = new float[channels];
        long n = (long) data.count() * plane;
        for (int c = 0; c < channels; c++) {
            double m = sum[c] / n;
            mean[c] = (float) m;
            var[c] = (float) Math.max(1e-3, sq[c] / n - m * m);
        }
        ps.put(b.name(), ParameterSet.MEAN, new Tensor(new int[] {channels}, mean));
        ps.put(b.name(), ParameterSet.VAR, new Tensor(new int[] {channels}, var));
    }

    private static Tensor uniform(Random r, float scale, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
        }
        return new Tensor(shape, v);
    }

    /** Uniform random images in [-1, 1] with random labels. */
    static LabeledData randomData(Shape shape, int count, long seed) {
        Random r = new Random(seed);
        float[] x = new float[(int) (count * shape.size())];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        int[] y = new int[count];
        List<String> names = new ArrayList<>();
        for (int c = 0; c < 10; c++) {
            names.add("class" + c);
        }
        for (int i = 0; i < count; i++) {
            y[i] = r.nextInt(10);
        }
        return new LabeledData("random " + seed, x, y, count, shape, names, "none");
    }
}
