package dev.bitflow.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bitflow.app.cli.BitflowCli;
import dev.bitflow.app.cli.CliContext;
import dev.bitflow.engine.api.Engine;
import dev.bitflow.engine.api.EngineProvider;
import dev.bitflow.plugins.host.PluginHost;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check} reports a network's training memory; {@code train} and {@code bench} refuse work past the
 * memory budget before allocating it, with the estimate, the budget and how to change it; and when native
 * memory runs out anyway (a hard javacpp limit, here forced low) the error is worded, not a crash.
 */
class MemoryBudgetTest {
    private static final Path FASHION_BCNN = Path.of("..", "sample-models", "fashion-bcnn.bitflow.json");

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        Engine engine = EngineProvider.load().create(PluginHost.discover(MemoryBudgetTest.class.getClassLoader()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new BitflowCli(new CliContext(engine, new PrintWriter(out), new PrintWriter(err))).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** A definition of {@code n} layers: 3x3 convs of 64 filters at 28x28, then flatten, dense, softmax. */
    private Path deep(int n) throws Exception {
        StringBuilder layers = new StringBuilder();
        for (int i = 0; i < n - 3; i++) {
            layers.append("{\"type\": \"conv2d\", \"name\": \"c").append(i).append("\", \"filters\": 64, \"kernel\": 3, ")
                    .append("\"padding\": {\"mode\": \"zero\", \"amount\": 1}},\n");
        }
        String json = "{\"format\": \"bitflow-definition\", \"version\": 1, \"name\": \"deep\", \"input\": "
                + "{\"channels\": 1, \"height\": 28, \"width\": 28}, \"layers\": [\n" + layers
                + "{\"type\": \"flatten\", \"name\": \"f\"}, {\"type\": \"dense\", \"name\": \"d\", \"units\": 10}, "
                + "{\"type\": \"softmax\", \"name\": \"s\"}], \"dataset\": {\"id\": \"fashion-mnist\"}}";
        return Files.writeString(dir.resolve("deep.bitflow.json"), json);
    }

    @Test
    void checkReportsTheEstimateAndTrainRefusesATenThousandLayerNetworkBeforeAllocating() throws Exception {
        Path deep = deep(10_000);
        Run check = run("check", deep.toString());
        assertThat(check.code()).isZero();
        assertThat(check.out()).contains("training memory: ", "TB (parameters ", "activations for a batch of 128")
                .contains("memory budget: ", "train and bench would refuse this network");
        Run json = run("check", deep.toString(), "--format", "json");
        JsonNode memory = new ObjectMapper().readTree(json.out()).path("trainingMemory");
        assertThat(memory.path("totalBytes").asLong()).isGreaterThan(1L << 40);
        assertThat(memory.path("withinBudget").asBoolean()).isFalse();

        Run train = run("train", deep.toString(), "--data", "mini", "--out", dir.resolve("deep.bfm").toString());
        assertThat(train.code()).isEqualTo(BitflowCli.EXIT_BAD_INPUT);
        assertThat(train.err()).contains("error: training 'deep' needs an estimated", "TB", "more than the memory budget of",
                "use a smaller batch size", "--memory-budget SIZE");
        assertThat(dir.resolve("deep.bfm")).doesNotExist();
    }

    @Test
    void trainAndBenchRefuseWorkPastAnExplicitBudget() {
        Run train = run("train", FASHION_BCNN.toString(), "--data", "mini", "--memory-budget", "10m",
                "--out", dir.resolve("m.bfm").toString());
        assertThat(train.code()).isEqualTo(BitflowCli.EXIT_BAD_INPUT);
        assertThat(train.err()).contains("training 'fashion-bcnn' needs an estimated", "GB (parameters",
                "more than the memory budget of 10.0 MB (--memory-budget 10m)");

        Run bench = run("bench", "--layer", "conv:4096x512x512:k3:o4096");
        assertThat(bench.code()).isEqualTo(BitflowCli.EXIT_BAD_INPUT);
        assertThat(bench.err()).contains("bench of layer 'conv:4096x512x512:k3:o4096' needs an estimated 49.0 GB",
                "more than the memory budget of", "--memory-budget");

        assertThat(run("train", FASHION_BCNN.toString(), "--memory-budget", "lots").err())
                .contains("'lots' is not a memory size");
    }

    @Test
    void runningOutOfNativeMemoryIsAWordedErrorNotACrash() throws Exception {
        // 512 first-layer filters and batch 2048: the first layer's output alone is 3.2 GB (2048 x 512 x 28 x 28
        // floats); the budget check is lifted and the process's native limit set to 1.5 GB
        String def = Files.readString(FASHION_BCNN).replace("\"batchSize\": 128", "\"batchSize\": 2048")
                .replace("\"filters\": 32,", "\"filters\": 512,");
        assertThat(def).contains("\"filters\": 512,").contains("\"batchSize\": 2048");
        Path big = Files.writeString(dir.resolve("big-batch.bitflow.json"), def);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Dorg.bytedeco.javacpp.maxphysicalbytes=1500m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), "dev.bitflow.app.Launcher",
                "train", big.toString(), "--data", "mini", "--max-train", "2048", "--epochs", "1",
                "--memory-budget", "1t", "--out", dir.resolve("big.bfm").toString()));
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(command).redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(err.toFile()).start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("training did not stop");
        }
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(stderr).isEqualTo(BitflowCli.EXIT_BAD_INPUT);
        assertThat(stderr).contains("error: training 'fashion-bcnn' ran out of memory",
                "org.bytedeco.javacpp.maxphysicalbytes", "smaller network or batch size");
        assertThat(stderr).doesNotContain("\tat ");
        assertThat(dir.resolve("big.bfm")).doesNotExist();
    }
}
