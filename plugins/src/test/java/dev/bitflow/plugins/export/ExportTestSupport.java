package dev.bitflow.plugins.export;

import dev.bitflow.engine.api.Engine;
import dev.bitflow.engine.api.EngineProvider;
import dev.bitflow.engine.api.analysis.ActivationMap;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.data.DataSplit;
import dev.bitflow.engine.api.data.ImageSample;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.io.AtomicFiles;
import dev.bitflow.plugins.host.PluginHost;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import dev.bitflow.engine.api.definition.BatchNormSpec;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.LayerShape;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.api.training.ModelParameter;
import dev.bitflow.engine.api.training.Provenance;
import dev.bitflow.engine.api.training.TrainedModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/** What the exporter tests share: an engine with the built-in plugins, test images as IDX, bit layouts. */
public final class ExportTestSupport {
    /** The bundled fused sample model (92.12% on Fashion-MNIST). */
    public static final Path SAMPLE_BFF = Path.of("..", "sample-models", "fashion-bcnn.bff");
    /** The bundled trained sample model. */
    public static final Path SAMPLE_BFM = Path.of("..", "sample-models", "fashion-bcnn.bfm");

    private ExportTestSupport() {
    }

    /**
     * A definition on Fashion-MNIST (28x28x1) that uses what the fusion knows: a float first conv with bias and a
     * pool before BatchNorm (AND pools where gamma &lt; 0), a binary conv with stride 2, +1 padding and 70 channels
     * (two words per pixel), a pool after the sign, a binary conv with -1 padding and 33 channels, a flatten into
     * a binary dense layer, dropout, and a binary output layer with a BatchNorm after it.
     */
    public static final String VARIED_CONV_NET = """
            {"format": "bitflow-definition", "version": 1, "name": "varied conv net",
             "input": {"channels": 1, "height": 28, "width": 28},
             "layers": [
              {"type": "conv2d", "name": "c1", "filters": 20, "kernel": 3, "stride": 1, "padding": {"mode": "zero", "amount": 1}, "weights": "float", "scaling": "none", "bias": true},
              {"type": "maxpool", "name": "p1", "size": 2, "stride": 2},
              {"type": "batchnorm", "name": "bn1", "epsilon": 1.0E-5, "momentum": 0.9, "learnGamma": true},
              {"type": "sign", "name": "s1"},
              {"type": "conv2d", "name": "c2", "filters": 70, "kernel": 3, "stride": 2, "padding": {"mode": "plus-one", "amount": 1}, "weights": "binary", "scaling": "mean-abs", "bias": true},
              {"type": "batchnorm", "name": "bn2", "epsilon": 1.0E-5, "momentum": 0.9, "learnGamma": true},
              {"type": "sign", "name": "s2"},
              {"type": "maxpool", "name": "p2", "size": 2, "stride": 2},
              {"type": "conv2d", "name": "c3", "filters": 33, "kernel": 2, "stride": 1, "padding": {"mode": "minus-one", "amount": 1}, "weights": "binary", "scaling": "none", "bias": false},
              {"type": "batchnorm", "name": "bn3", "epsilon": 1.0E-5, "momentum": 0.9, "learnGamma": true},
              {"type": "sign", "name": "s3"},
              {"type": "flatten", "name": "flat"},
              {"type": "dense", "name": "d1", "units": 40, "weights": "binary", "scaling": "mean-abs", "bias": true},
              {"type": "batchnorm", "name": "bn4", "epsilon": 1.0E-5, "momentum": 0.9, "learnGamma": true},
              {"type": "sign", "name": "s4"},
              {"type": "dropout", "name": "drop", "rate": 0.2},
              {"type": "dense", "name": "out", "units": 10, "weights": "binary", "scaling": "mean-abs", "bias": true},
              {"type": "batchnorm", "name": "bn5", "epsilon": 1.0E-3, "momentum": 0.9, "learnGamma": true},
              {"type": "softmax", "name": "softmax"}
             ],
             "training": {"optimizer": "adam", "learningRate": 0.001, "momentum": 0.9, "schedule": {"kind": "constant"},
                          "epochs": 1, "batchSize": 64, "seed": 5, "validationFraction": 0.0},
             "dataset": {"id": "fashion-mnist", "classes": [], "normalization": "unit"}}
            """;

    /** A binarised MLP on the 2-class task (Shirt vs T-shirt/top): a float dense first layer on the flat image. */
    public static final String DENSE_FIRST_NET = """
            {"format": "bitflow-definition", "version": 1, "name": "dense first",
             "input": {"channels": 1, "height": 28, "width": 28},
             "layers": [
              {"type": "flatten", "name": "flat"},
              {"type": "dense", "name": "d1", "units": 48, "weights": "float", "scaling": "none", "bias": true},
              {"type": "batchnorm", "name": "bn1", "epsilon": 1.0E-5, "momentum": 0.9, "learnGamma": true},
              {"type": "sign", "name": "s1"},
              {"type": "dense", "name": "d2", "units": 65, "weights": "binary", "scaling": "mean-abs", "bias": false},
              {"type": "batchnorm", "name": "bn2", "epsilon": 1.0E-5, "momentum": 0.9, "learnGamma": false},
              {"type": "sign", "name": "s2"},
              {"type": "dense", "name": "out", "units": 2, "weights": "float", "scaling": "none", "bias": true},
              {"type": "softmax", "name": "softmax"}
             ],
             "training": {"optimizer": "sgd-momentum", "learningRate": 0.01, "momentum": 0.9,
                          "schedule": {"kind": "cosine"}, "epochs": 1, "batchSize": 32, "seed": 9,
                          "validationFraction": 0.0},
             "dataset": {"id": "fashion-mnist", "classes": [6, 0], "normalization": "minus-one-to-one"}}
            """;

    public static Engine engine() {
        return EngineProvider.load().create(PluginHost.discover(ExportTestSupport.class.getClassLoader(), null));
    }

    /**
     * Writes the first {@code limit} test images of {@code definition}'s data-set view (its class subset) at
     * {@code data} as an IDX file of unsigned bytes ({@code n x h x w}, or {@code n x c x h x w}), in view order.
     *
     * @return the number of images written
     */
    public static int writeTestImages(Engine engine, NetworkDefinition definition, DataLocation data, int limit,
                                      Path file) throws IOException {
        int size = engine.datasets().size(definition.dataset(), data, DataSplit.TEST);
        int n = limit <= 0 ? size : Math.min(limit, size);
        ImageSample first = engine.datasets().sample(definition.dataset(), data, DataSplit.TEST, 0);
        AtomicFiles.write(file, raw -> {
            DataOutputStream out = new DataOutputStream(raw);
            boolean color = first.channels() > 1;
            out.writeInt(color ? 0x00000804 : 0x00000803);
            out.writeInt(n);
            if (color) {
                out.writeInt(first.channels());
            }
            out.writeInt(first.height());
            out.writeInt(first.width());
            for (int i = 0; i < n; i++) {
                for (int p : engine.datasets().sample(definition.dataset(), data, DataSplit.TEST, i).pixels()) {
                    out.writeByte(p);
                }
            }
            out.flush();
        });
        return n;
    }

    /**
     * A trained model of {@code definition} with random parameters of the right shapes (through the API's
     * {@code fromParameters}): latent weights in [-1, 1], BatchNorm statistics scaled to the fan-in so that the sign
     * outputs vary, about 30% negative and 10% zero gammas (flipped and constant channels), random biases.
     */
    public static TrainedModel randomModel(Engine engine, NetworkDefinition definition, long seed) {
        Random r = new Random(seed);
        List<LayerShape> shapes = engine.definitions().check(definition).shapes();
        List<ModelParameter> params = new ArrayList<>();
        double fanIn = 1;
        for (int i = 0; i < definition.layers().size(); i++) {
            LayerSpec l = definition.layers().get(i);
            Shape in = shapes.get(i).input();
            if (l instanceof Conv2dSpec c) {
                fanIn = (double) in.channels() * c.kernel() * c.kernel();
                params.add(uniform(r, l.name(), "W", c.filters(), in.channels(), c.kernel(), c.kernel()));
                if (c.bias()) {
                    params.add(gaussian(r, l.name(), "b", 0.5, c.filters()));
                }
            } else if (l instanceof DenseSpec d) {
                fanIn = in.size();
                params.add(uniform(r, l.name(), "W", (int) in.size(), d.units()));
                if (d.bias()) {
                    params.add(gaussian(r, l.name(), "b", 0.5, d.units()));
                }
            } else if (l instanceof BatchNormSpec) {
                int n = in.channels();
                float[] gamma = new float[n];
                float[] var = new float[n];
                for (int c = 0; c < n; c++) {
                    int k = r.nextInt(10);
                    gamma[c] = k == 0 ? 0f : (float) ((k < 4 ? -1 : 1) * (0.2 + r.nextDouble()));
                    var[c] = (float) (fanIn * (0.05 + r.nextDouble() * 0.3));
                }
                params.add(new ModelParameter(l.name(), "gamma", new int[] {n}, gamma));
                params.add(gaussian(r, l.name(), "beta", 0.5, n));
                params.add(gaussian(r, l.name(), "mean", Math.sqrt(fanIn) * 0.3, n));
                params.add(new ModelParameter(l.name(), "var", new int[] {n}, var));
            }
        }
        Provenance provenance = new Provenance(seed, definition.dataset().id(), "random", 0, java.util.Map.of(), "test",
                "2026-12-01T00:00:00Z", "test", null, "random parameters (test)");
        return engine.training().fromParameters(definition, params, provenance, "random test model");
    }

    private static ModelParameter uniform(Random r, String layer, String name, int... shape) {
        float[] v = new float[java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return new ModelParameter(layer, name, shape, v);
    }

    private static ModelParameter gaussian(Random r, String layer, String name, double scale, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextGaussian() * scale);
        }
        return new ModelParameter(layer, name, new int[] {n}, v);
    }

    /**
     * A map's bits in the exported C layout, as the harness prints them: NHWC, 32 channels per {@code uint32_t}
     * word (channel c of pixel p is bit c % 32 of word p * ceil(C / 32) + c / 32), each word as 8 hex digits.
     */
    public static String cWords(ActivationMap m) {
        int wpp = (m.channels() + 31) / 32;
        int[] words = new int[m.height() * m.width() * wpp];
        for (int y = 0; y < m.height(); y++) {
            for (int x = 0; x < m.width(); x++) {
                for (int c = 0; c < m.channels(); c++) {
                    if (m.plusOne(c, y, x)) {
                        words[(y * m.width() + x) * wpp + c / 32] |= 1 << (c & 31);
                    }
                }
            }
        }
        StringBuilder s = new StringBuilder(words.length * 8);
        for (int w : words) {
            s.append(String.format(Locale.ROOT, "%08x", w));
        }
        return s.toString();
    }
}
