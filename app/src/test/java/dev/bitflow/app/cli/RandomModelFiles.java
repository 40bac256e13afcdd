package dev.bitflow.app.cli;

import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.training.Provenance;
import dev.bitflow.engine.io.BfmWriter;
import dev.bitflow.engine.io.ParameterShapes;
import dev.bitflow.engine.model.ParameterSet;
import dev.bitflow.engine.model.Tensor;
import dev.bitflow.engine.model.TrainedNetwork;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

/**
 * Writes {@code *.bfm} files with random parameters of the right shapes (test fixture): latent weights in
 * [-1, 1], BatchNorm statistics scaled to the fan-in so the sign outputs vary, about 30% negative and 10%
 * zero gammas.
 */
public final class RandomModelFiles {
    private RandomModelFiles() {
    }

    public static Path write(Path file, NetworkDefinition def, long seed) throws IOException {
        Random r = new Random(seed);
        ParameterSet ps = new ParameterSet();
        double fanIn = 1;
        for (Map.Entry<String, Map<String, ParameterShapes.Expected>> layer : ParameterShapes.of(def).entrySet()) {
            for (Map.Entry<String, ParameterShapes.Expected> p : layer.getValue().entrySet()) {
                int[] shape = p.getValue().shape();
                int n = 1;
                for (int d : shape) {
                    n *= d;
                }
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = switch (p.getKey()) {
                        case ParameterSet.WEIGHTS -> (float) (r.nextDouble() * 2 - 1);
                        case ParameterSet.GAMMA -> {
                            int k = r.nextInt(10);
                            yield k == 0 ? 0f : (float) ((k < 4 ? -1 : 1) * (0.2 + r.nextDouble()));
                        }
                        case ParameterSet.MEAN -> (float) (r.nextGaussian() * Math.sqrt(fanIn) * 0.3);
                        case ParameterSet.VAR -> (float) (fanIn * (0.05 + r.nextDouble() * 0.3));
                        default -> (float) (r.nextGaussian() * 0.5);
                    };
                }
                if (p.getKey().equals(ParameterSet.WEIGHTS)) {
                    fanIn = shape.length == 4 ? (double) n / shape[0] : shape[0];
                }
                ps.put(layer.getKey(), p.getKey(), new Tensor(shape, v));
            }
        }
        Provenance prov = new Provenance(seed, "fashion-mnist", "random", 0, Map.of(), "test", "2026-11-26T00:00:00Z",
                "0.1.0-SNAPSHOT");
        BfmWriter.write(file, new TrainedNetwork(def, ps, prov));
        return file;
    }
}
