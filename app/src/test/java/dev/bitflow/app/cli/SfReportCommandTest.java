package dev.bitflow.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bitflow.engine.api.EngineProvider;
import dev.bitflow.engine.api.definition.BatchNormSpec;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DatasetRef;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.FlattenSpec;
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
import dev.bitflow.engine.api.training.Provenance;
import dev.bitflow.engine.io.BfmWriter;
import dev.bitflow.engine.model.ParameterSet;
import dev.bitflow.engine.model.Tensor;
import dev.bitflow.engine.model.TrainedNetwork;
import dev.bitflow.plugins.host.PluginHost;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SfReportCommandTest {
    @TempDir
    static Path dir;
    static Path model;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** A small random BCNN on 28x28 Fashion-MNIST, with binary conv + dense layers with SF, written as .bfm. */
    @BeforeAll
    static void writeModel() throws Exception {
        NetworkDefinition def = new NetworkDefinition(NetworkDefinition.CURRENT_FORMAT_VERSION, "tiny-sf", "test",
                Shape.spatial(1, 28, 28), List.of(
                new Conv2dSpec("conv1", 4, 3, 1, Padding.zero(1), Precision.FLOAT, ScalingFactor.NONE, false),
                new MaxPoolSpec("pool1", 2, 2), new BatchNormSpec("bn1", 1e-5, 0.9, true), new SignSpec("sign1"),
                new Conv2dSpec("conv2", 8, 3, 1, Padding.zero(1), Precision.BINARY, ScalingFactor.MEAN_ABS, false),
                new MaxPoolSpec("pool2", 2, 2), new BatchNormSpec("bn2", 1e-5, 0.9, true), new SignSpec("sign2"),
                new FlattenSpec("flatten"),
                new DenseSpec("fc1", 16, Precision.BINARY, ScalingFactor.MEAN_ABS, true),
                new BatchNormSpec("bn3", 1e-5, 0.9, true), new SignSpec("sign3"),
                new DenseSpec("fc2", 10, Precision.FLOAT, ScalingFactor.NONE, true), new SoftmaxSpec("softmax")),
                new TrainingSpec(Optimizer.ADAM, 1e-3, 0.9, LrSchedule.CONSTANT, 1, 32, 1, 0.1),
                new DatasetRef("fashion-mnist", List.of(), Normalization.MINUS_ONE_TO_ONE));
        Random r = new Random(3);
        ParameterSet ps = new ParameterSet();
        ps.put("conv1", "W", uniform(r, 4, 1, 3, 3));
        bn(ps, r, "bn1", 4, 0.0, 1.0);
        ps.put("conv2", "W", uniform(r, 8, 4, 3, 3));
        bn(ps, r, "bn2", 8, 0.5 * 3, 0.25 * 36); // alpha about 0.5, max of 4 values of s with K = 36
        ps.put("fc1", "W", uniform(r, 392, 16));
        ps.put("fc1", "b", uniform(r, 16));
        bn(ps, r, "bn3", 16, 0.0, 0.25 * 392);
        ps.put("fc2", "W", uniform(r, 16, 10));
        ps.put("fc2", "b", uniform(r, 10));
        model = dir.resolve("tiny-sf.bfm");
        BfmWriter.write(model, new TrainedNetwork(def, ps, new Provenance(3L, "fashion-mnist", "0".repeat(64), 1,
                Map.of(), "test", "2026-11-26T00:00:00Z", "test")));
    }

    private static Tensor uniform(Random r, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return new Tensor(shape, v);
    }

    private static void bn(ParameterSet ps, Random r, String name, int n, double meanScale, double var) {
        float[] gamma = new float[n];
        float[] beta = new float[n];
        float[] mean = new float[n];
        float[] v = new float[n];
        for (int c = 0; c < n; c++) {
            gamma[c] = c == 1 ? 0f : (float) ((c % 3 == 0 ? -1 : 1) * (0.5 + r.nextDouble()));
            beta[c] = (float) (r.nextGaussian() * 0.3);
            mean[c] = (float) (meanScale + r.nextGaussian() * Math.sqrt(var) * 0.3);
            v[c] = (float) (var * (0.5 + r.nextDouble()));
        }
        ps.put(name, "gamma", new Tensor(new int[] {n}, gamma));
        ps.put(name, "beta", new Tensor(new int[] {n}, beta));
        ps.put(name, "mean", new Tensor(new int[] {n}, mean));
        ps.put(name, "var", new Tensor(new int[] {n}, v));
    }

    private int run(String... args) {
        CliContext ctx = new CliContext(EngineProvider.load().create(PluginHost.discover(getClass().getClassLoader())),
                new PrintWriter(out, true), new PrintWriter(err, true));
        return new BitflowCli(ctx).execute(args);
    }

    @Test
    void jsonHasVariantsLayersChannelsHistogramsAndAgreement() throws Exception {
        assertThat(run("sf-report", model.toString(), "--data", "mini", "--limit", "30", "--train-examples", "60",
                "--format", "json")).as(err.toString()).isZero();
        JsonNode root = new ObjectMapper().readTree(out.toString());
        assertThat(root.path("model").asText()).isEqualTo("tiny-sf");
        assertThat(err.toString()).contains("sf-report:   0% re-estimating bn2", "sf-report: 100% SF report: 30 test examples");
        assertThat(root.path("testExamples").asInt()).isEqualTo(30);
        assertThat(root.path("trainExamples").asInt()).isEqualTo(60);
        assertThat(root.path("variants")).hasSize(4);
        assertThat(root.path("variants").get(0).path("variant").asText()).isEqualTo("trained");
        assertThat(root.path("variants").get(1).path("variant").asText()).isEqualTo("rescaled");
        assertThat(root.path("variants").get(3).path("variant").asText()).isEqualTo("reestimated");
        for (JsonNode v : root.path("variants")) {
            assertThat(v.has("accuracy")).isTrue();
            assertThat(v.has("predictionAgreement")).isTrue();
        }
        JsonNode layers = root.path("layers");
        assertThat(layers).hasSize(2);
        assertThat(layers.get(0).path("name").asText()).isEqualTo("conv2");
        assertThat(layers.get(0).path("fanIn").asInt()).isEqualTo(36);
        assertThat(layers.get(0).path("positions").asInt()).isEqualTo(49);
        assertThat(layers.get(1).path("name").asText()).isEqualTo("fc1");
        assertThat(layers.get(1).path("kind").asText()).isEqualTo("dense");
        for (JsonNode l : layers) {
            JsonNode rescaled = l.path("agreement").path("rescaled");
            assertThat(rescaled.path("disagreeingOutsideTies").asLong()).isZero();
            assertThat(rescaled.path("bits").asLong()).isEqualTo(30L * l.path("positions").asLong() * l.path("channels").asLong());
            assertThat(l.path("agreement").has("rescaledEpsKept")).isTrue();
            assertThat(l.path("agreement").has("reestimated")).isTrue();
            assertThat(l.path("thresholdChanges").has("reestimated")).isTrue();
            JsonNode chs = l.path("channelReports");
            assertThat(chs).hasSize(l.path("channels").asInt());
            for (JsonNode c : chs) {
                for (String key : List.of("alpha", "gamma", "beta", "mean", "var", "epsilon", "bias", "flipped",
                        "constant", "thresholdY", "tauWithAlpha", "tauWithoutAlpha", "tauWithoutAlphaEpsKept",
                        "tauReestimated", "intThreshold", "intThresholdRescaled", "intThresholdReestimated",
                        "reestimatedMean", "reestimatedVar", "histogram", "agreement")) {
                    assertThat(c.has(key)).as(key).isTrue();
                }
                JsonNode h = c.path("histogram");
                long sum = 0;
                for (JsonNode count : h.path("counts")) {
                    sum += count.asLong();
                }
                assertThat(sum).isEqualTo(30L * l.path("positions").asLong()).isEqualTo(h.path("total").asLong());
                assertThat(h.path("min").asInt()).isGreaterThanOrEqualTo(-l.path("fanIn").asInt());
                assertThat(h.path("max").asInt()).isLessThanOrEqualTo(l.path("fanIn").asInt());
            }
        }
        JsonNode constant = layers.get(0).path("channelReports").get(1);
        assertThat(constant.path("constant").asBoolean()).isTrue();
        assertThat(constant.path("tauWithAlpha").isNull()).isTrue();
        assertThat(layers.get(0).path("channelReports").get(0).path("flipped").asBoolean()).isTrue();
    }

    @Test
    void tableSummarisesLayersAndListsChannelsOnRequest() {
        assertThat(run("sf-report", model.toString(), "--data", "mini", "--limit", "20", "--train-examples", "40",
                "--channels")).as(err.toString()).isZero();
        String text = out.toString();
        assertThat(text).contains("tiny-sf", "(a)", "(b)", "(b')", "(c)", "as trained (with alpha)",
                "alpha removed, BN statistics re-estimated on training data", "conv2", "fc1", "tau(alpha)",
                "0 disagreement(s) outside ties");
        assertThat(text.lines().filter(l -> l.matches("\\s+\\d+\\s+.*%\\s*")).count()).isEqualTo(8 + 16);
    }

    @Test
    void badArgumentsAreUserErrors() {
        assertThat(run("sf-report", model.toString(), "--data", "mini", "--format", "csv")).isEqualTo(2);
        assertThat(err.toString()).contains("--format");
        assertThat(run("sf-report", dir.resolve("missing.bfm").toString(), "--data", "mini")).isEqualTo(2);
        assertThat(err.toString()).contains("missing.bfm");
        assertThat(run("sf-report", model.toString(), "--data", "mini", "--limit", "-1")).isEqualTo(2);
    }
}
