package dev.bitflow.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bitflow.engine.api.EngineProvider;
import dev.bitflow.plugins.host.PluginHost;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class BenchCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final BitflowCli cli = new BitflowCli(new CliContext(
            EngineProvider.load().create(PluginHost.discover(getClass().getClassLoader())),
            new PrintWriter(out), new PrintWriter(err)));

    @Test
    void jsonListsTheCaseWithTimesAndSpeedup() throws Exception {
        int code = cli.execute("bench", "--layer", "conv:3x8x8:k3:s1:p1:o4", "--runs", "3", "--warmup", "1",
                "--format", "json", "--quiet");
        assertThat(code).as(err.toString()).isZero();
        JsonNode root = new ObjectMapper().readTree(out.toString());
        assertThat(root.get("threads").asInt()).isEqualTo(1);
        assertThat(root.get("runs").asInt()).isEqualTo(3);
        JsonNode c = root.get("cases").get(0);
        assertThat(c.get("name").asText()).isEqualTo("conv 3x8x8 k3 s1 zero(1) o4");
        assertThat(c.get("floatMs").asDouble()).isPositive();
        assertThat(c.get("binaryMs").asDouble()).isPositive();
        assertThat(c.get("speedup").asDouble())
                .isCloseTo(c.get("floatMs").asDouble() / c.get("binaryMs").asDouble(),
                        org.assertj.core.data.Percentage.withPercentage(5));
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void tableHasAHeaderAndOneRowPerCaseAndProgressGoesToStderr() {
        int code = cli.execute("bench", "--layer", "dense:130:o65", "--runs", "1", "--warmup", "0", "--threads", "2");
        assertThat(code).isZero();
        assertThat(out.toString()).contains("binary kernels: 2 thread(s)").contains("no warm-up, then 1 timed runs")
                .contains("case").contains("speedup")
                .contains("dense 130->65").contains("binary dense 130 -> 65");
        assertThat(err.toString()).contains("bench: building dense:130:o65");
    }

    @Test
    void modelDefinitionIsBenchedLayerByLayerAndEndToEnd(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        var engine = EngineProvider.load().create(PluginHost.discover(getClass().getClassLoader()));
        java.nio.file.Path file = dir.resolve("fashion-bcnn.bitflow.json");
        engine.definitions().save(engine.definitions().sample("fashion-bcnn"), file);
        int code = cli.execute("bench", file.toString(), "--runs", "1", "--warmup", "0", "--format", "json", "--quiet");
        assertThat(code).as(err.toString()).isZero();
        JsonNode cases = new ObjectMapper().readTree(out.toString()).get("cases");
        assertThat(cases.get(0).get("name").asText()).isEqualTo("fashion-bcnn/conv1");
        assertThat(cases.get(cases.size() - 1).get("name").asText()).isEqualTo("fashion-bcnn/network");
        assertThat(cases.size()).isGreaterThan(4);
        assertThat(cli.execute("bench", dir.resolve("missing.json").toString(), "--quiet"))
                .isEqualTo(BitflowCli.EXIT_BAD_INPUT);
        assertThat(err.toString()).contains("missing.json: no such definition file");
    }

    @Test
    void badInputExitsTwoWithTheProblemNamed() {
        assertThat(cli.execute("bench", "--layer", "conv:3x8x8", "--quiet")).isEqualTo(BitflowCli.EXIT_BAD_INPUT);
        assertThat(err.toString()).contains("error: layer spec 'conv:3x8x8': the kernel size kK is required");
        assertThat(cli.execute("bench", "--layer", "dense:8:o8", "model.json")).isEqualTo(BitflowCli.EXIT_BAD_INPUT);
        assertThat(err.toString()).contains("not both");
        assertThat(cli.execute("bench", "--threads", "0")).isEqualTo(BitflowCli.EXIT_BAD_INPUT);
        assertThat(err.toString()).contains("--threads", "0 is too small");
        assertThat(cli.execute("bench", "--threads", "300")).isEqualTo(BitflowCli.EXIT_BAD_INPUT);
        assertThat(err.toString()).contains("--threads must be between 1 and 256");
    }

    /**
     * {@code bench MODEL} on a trained model file: the fused network and the float side on a few mini test images, both
     * figures and the agreement of predictions printed (no timed assertion); then against a twin, and a fused model
     * file, which needs one.
     */
    @Test
    void trainedModelFileIsBenchedOnItsTestSetAgainstAFloatNetwork(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path model = RandomModelFiles.write(dir.resolve("fashion-bcnn.bfm"),
                new dev.bitflow.engine.model.DefaultDefinitionService().sample("fashion-bcnn"), 3);
        int code = cli.execute("bench", model.toString(), "--data", "mini", "--limit", "23", "--runs", "1",
                "--warmup", "0", "--quiet");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("23 test images").contains("; no warm-up, then 1 timed passes per side")
                .contains("fused network: 1 thread(s)")
                .contains("float side: ND4J").contains("images/s")
                .contains("fused network (bits), 1 thread(s)")
                .contains("the model's own float network on ND4J, batch 100")
                .containsPattern("speedup: [0-9.]+x")
                .containsPattern("fused network and the model's own float network on ND4J agree on [0-9]+ of 23 images");

        out.getBuffer().setLength(0);
        code = cli.execute("bench", model.toString(), "--twin", model.toString(), "--data", "mini", "--limit", "9",
                "--runs", "1", "--warmup", "0", "--threads", "2", "--format", "json", "--quiet");
        assertThat(code).as(err.toString()).isZero();
        JsonNode root = new ObjectMapper().readTree(out.toString());
        assertThat(root.get("images").asInt()).isEqualTo(9);
        assertThat(root.get("threads").asInt()).isEqualTo(2);
        assertThat(root.get("fused").get("imagesPerSecond").asDouble()).isPositive();
        assertThat(root.get("float").get("imagesPerSecond").asDouble()).isPositive();
        assertThat(root.get("float").get("label").asText()).startsWith("float twin " + model);
        assertThat(root.get("float").get("ownFloatNetwork").asBoolean()).isFalse();
        assertThat(root.get("speedup").asDouble()).isPositive();
        // the twin is the model's own float network here, so both agreements are the same count
        assertThat(root.get("agreeWithOwnFloatNetwork").asInt()).isBetween(0, 9)
                .isEqualTo(root.get("agreeWithFloatSide").asInt());

        java.nio.file.Path bff = dir.resolve("fashion-bcnn.bff");
        assertThat(cli.execute("fuse", model.toString(), "--out", bff.toString())).as(err.toString()).isZero();
        assertThat(cli.execute("bench", bff.toString(), "--data", "mini", "--limit", "5", "--runs", "1", "--warmup",
                "0", "--quiet")).isEqualTo(BitflowCli.EXIT_BAD_INPUT);
        assertThat(err.toString()).contains("holds no float parameters").contains("--twin FILE.bfm");
        out.getBuffer().setLength(0);
        assertThat(cli.execute("bench", bff.toString(), "--twin", model.toString(), "--data", "mini", "--limit", "5",
                "--runs", "1", "--warmup", "0", "--quiet")).as(err.toString()).isZero();
        assertThat(out.toString()).containsPattern("fused network and the float twin agree on [0-9]+ of 5 images");
        assertThat(cli.execute("bench", "--layer", "dense:8:o8", "--twin", model.toString()))
                .isEqualTo(BitflowCli.EXIT_BAD_INPUT);
        assertThat(err.toString()).contains("need a model file");
    }
}
