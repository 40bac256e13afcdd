package dev.bitflow.engine.fuse;

import dev.bitflow.engine.api.definition.BatchNormSpec;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.DatasetRef;
import dev.bitflow.engine.api.definition.LrSchedule;
import dev.bitflow.engine.api.definition.Normalization;
import dev.bitflow.engine.api.definition.Optimizer;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.api.definition.TrainingSpec;
import dev.bitflow.engine.data.LabeledData;
import dev.bitflow.engine.model.ParameterSet;
import dev.bitflow.engine.model.Tensor;
import dev.bitflow.engine.model.TrainedNetwork;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random trained networks for tests: every parameter drawn from a seeded generator, BatchNorm statistics
 * chosen so thresholds fall inside the range of the dot products (so bits really vary), with negative and
 * zero gammas.
 */
final class RandomNetworks {
    static final TrainingSpec TRAINING = new TrainingSpec(Optimizer.ADAM, 1e-3, 0.9, LrSchedule.CONSTANT, 1, 32, 1,
            0.1);

    private RandomNetworks() {
    }

    static NetworkDefinition definition(String name, Shape input, List<LayerSpec> layers) {
        return new NetworkDefinition(NetworkDefinition.CURRENT_FORMAT_VERSION, name, "random test network", input,
                layers, TRAINING, new DatasetRef("fashion-mnist", List.of(), Normalization.MINUS_ONE_TO_ONE));
    }

    static TrainedNetwork randomize(NetworkDefinition def, long seed) {
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

    static LabeledData randomData(Shape shape, int count, int classes, long seed) {
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
