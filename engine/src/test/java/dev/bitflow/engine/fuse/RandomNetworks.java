package dev.bitflow.engine.fuse;

import dev.bitflow.engine.api.definition.BatchNormSpec;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DatasetRef;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.DropoutSpec;
import dev.bitflow.engine.api.definition.FlattenSpec;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.LrSchedule;
import dev.bitflow.engine.api.definition.MaxPoolSpec;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.Normalization;
import dev.bitflow.engine.api.definition.Optimizer;
import dev.bitflow.engine.api.definition.Padding;
import dev.bitflow.engine.api.definition.PaddingMode;
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
import dev.bitflow.engine.reference.FloatOps;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random trained networks for tests: every parameter drawn from a seeded generator, BatchNorm statistics
 * chosen so thresholds fall inside the range of the dot products (so bits really vary), with negative and
 * zero gammas.
 */
public final class RandomNetworks {
    public static final TrainingSpec TRAINING = new TrainingSpec(Optimizer.ADAM, 1e-3, 0.9, LrSchedule.CONSTANT, 1, 32, 1,
            0.1);

    private RandomNetworks() {
    }

    public static NetworkDefinition definition(String name, Shape input, List<LayerSpec> layers) {
        return new NetworkDefinition(NetworkDefinition.CURRENT_FORMAT_VERSION, name, "random test network", input,
                layers, TRAINING, new DatasetRef("fashion-mnist", List.of(), Normalization.MINUS_ONE_TO_ONE));
    }

    private static BatchNormSpec bn(String name) {
        return new BatchNormSpec(name, 1e-5, 0.9, true);
    }

    /** Conv BCNN with pool before BN, pool after sign, zero padding, stride 2, 70 channels, flatten, dense. */
    public static NetworkDefinition convNet(PaddingMode mode) {
        Padding pad = mode == PaddingMode.ZERO ? Padding.zero(1) : new Padding(mode, 1);
        List<LayerSpec> layers = List.of(
                new Conv2dSpec("conv1", 16, 3, 1, Padding.zero(1), Precision.FLOAT, ScalingFactor.NONE, true),
                bn("bn1"), new SignSpec("sign1"),
                new Conv2dSpec("conv2", 70, 3, 1, pad, Precision.BINARY, ScalingFactor.MEAN_ABS, false),
                new MaxPoolSpec("pool2", 2, 2), bn("bn2"), new SignSpec("sign2"),
                new Conv2dSpec("conv3", 33, 3, 2, Padding.VALID, Precision.BINARY, ScalingFactor.NONE, true),
                bn("bn3"), new SignSpec("sign3"), new MaxPoolSpec("pool3", 2, 1),
                new FlattenSpec("flat"),
                new DenseSpec("fc4", 65, Precision.BINARY, ScalingFactor.MEAN_ABS, false), bn("bn4"),
                new SignSpec("sign4"), new DropoutSpec("drop4", 0.3),
                new DenseSpec("fc5", 10, Precision.FLOAT, ScalingFactor.NONE, true), bn("bn5"),
                new SoftmaxSpec("softmax"));
        return definition("conv-" + mode, Shape.spatial(2, 12, 12), layers);
    }

    /** A binarized MLP whose first layer is dense, with a BN-then-pool-free structure and binary output layer. */
    public static NetworkDefinition mlp() {
        List<LayerSpec> layers = List.of(new FlattenSpec("flat"),
                new DenseSpec("fc1", 40, Precision.FLOAT, ScalingFactor.NONE, true), bn("bn1"), new SignSpec("s1"),
                new DenseSpec("fc2", 130, Precision.BINARY, ScalingFactor.NONE, true), bn("bn2"), new SignSpec("s2"),
                new DenseSpec("fc3", 7, Precision.BINARY, ScalingFactor.MEAN_ABS, false), new SoftmaxSpec("out"));
        return definition("mlp", Shape.spatial(1, 6, 6), layers);
    }

    public static TrainedNetwork randomize(NetworkDefinition def, long seed) {
        Random r = new Random(seed);
        ParameterSet ps = new ParameterSet();
        Shape shape = def.input();
        int lastFanIn = 1;
        for (LayerSpec l : def.layers()) {
            if (l instanceof Conv2dSpec c) {
                int fanIn = shape.channels() * c.kernel() * c.kernel();
                ps.put(c.name(), ParameterSet.WEIGHTS, uniform(r, new int[] {c.filters(), shape.channels(), c.kernel(),
                        c.kernel()}, 1f));
                if (c.bias()) {
                    ps.put(c.name(), ParameterSet.BIAS, uniform(r, new int[] {c.filters()}, 2f));
                }
                int pad = c.padding().amount();
                shape = Shape.spatial(c.filters(), FloatOps.outSize(shape.height(), c.kernel(), c.stride(), pad),
                        FloatOps.outSize(shape.width(), c.kernel(), c.stride(), pad));
                lastFanIn = fanIn;
            } else if (l instanceof DenseSpec d) {
                int fanIn = (int) shape.size();
                ps.put(d.name(), ParameterSet.WEIGHTS, uniform(r, new int[] {fanIn, d.units()}, 1f));
                if (d.bias()) {
                    ps.put(d.name(), ParameterSet.BIAS, uniform(r, new int[] {d.units()}, 2f));
                }
                shape = Shape.flat(d.units());
                lastFanIn = fanIn;
            } else if (l instanceof BatchNormSpec b) {
                int n = shape.channels();
                float[] gamma = new float[n];
                float[] beta = new float[n];
                float[] mean = new float[n];
                float[] var = new float[n];
                double spread = Math.sqrt(lastFanIn);
                for (int c = 0; c < n; c++) {
                    int kind = r.nextInt(10);
                    gamma[c] = kind == 0 ? 0f : (float) ((kind < 4 ? -1 : 1) * (0.2 + r.nextDouble() * 2));
                    beta[c] = (float) (r.nextGaussian() * 0.5);
                    mean[c] = (float) (r.nextGaussian() * spread * 0.3);
                    var[c] = (float) (spread * spread * (0.05 + r.nextDouble() * 0.3));
                }
                ps.put(b.name(), ParameterSet.GAMMA, new Tensor(new int[] {n}, gamma));
                ps.put(b.name(), ParameterSet.BETA, new Tensor(new int[] {n}, beta));
                ps.put(b.name(), ParameterSet.MEAN, new Tensor(new int[] {n}, mean));
                ps.put(b.name(), ParameterSet.VAR, new Tensor(new int[] {n}, var));
            } else if (l instanceof dev.bitflow.engine.api.definition.MaxPoolSpec p) {
                shape = Shape.spatial(shape.channels(), FloatOps.outSize(shape.height(), p.size(), p.stride(), 0),
                        FloatOps.outSize(shape.width(), p.size(), p.stride(), 0));
            } else if (l instanceof dev.bitflow.engine.api.definition.FlattenSpec) {
                shape = Shape.flat((int) shape.size());
            }
        }
        return new TrainedNetwork(def, ps, null);
    }

    private static Tensor uniform(Random r, int[] shape, float scale) {
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

    public static LabeledData randomData(Shape shape, int count, int classes, long seed) {
        Random r = new Random(seed);
        float[] x = new float[(int) (count * shape.size())];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        int[] y = new int[count];
        for (int i = 0; i < count; i++) {
            y[i] = r.nextInt(classes);
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add("class" + c);
        }
        return new LabeledData("random", x, y, count, shape, names, "none");
    }
}
