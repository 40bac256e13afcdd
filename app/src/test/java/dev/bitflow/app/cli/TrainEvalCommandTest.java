package dev.bitflow.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bitflow.engine.api.Engine;
import dev.bitflow.engine.api.EngineProvider;
import dev.bitflow.plugins.host.PluginHost;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainEvalCommandTest {
    private static Engine engine;
    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    @BeforeAll
    static void engine() {
        engine = EngineProvider.load().create(PluginHost.discover(TrainEvalCommandTest.class.getClassLoader()));
    }

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return new BitflowCli(new CliContext(engine, new PrintWriter(out), new PrintWriter(err))).execute(args);
    }

    @Test
    void trainsOnTheMiniSetWritesModelCheckpointAndCurveThenEvalReadsIt() throws Exception {
        Path model = dir.resolve("m.bfm");
        Path curve = dir.resolve("curve.csv");
        int code = run("train", Path.of("..", "sample-models", "fashion-bcnn.bitflow.json").toString(), "--data", "mini",
                "--epochs", "1", "--max-train", "256", "--seed", "3", "--out", model.toString(), "--curve",
                curve.toString());
        assertThat(code).as(err.toString()).isZero();
        assertThat(model).exists();
        assertThat(dir.resolve("m.ckpt.bfm")).exists();
        assertThat(Files.readAllLines(curve)).hasSize(2).first().asString().startsWith("epoch,trainLoss");
        assertThat(err.toString()).doesNotContain("\r").contains("ETA").contains("epoch 1/1");
        assertThat(out.toString()).contains("wrote " + model);

        assertThat(run("eval", model.toString(), "--data", "mini", "--format", "json")).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("examples").asInt()).isEqualTo(1000);
        assertThat(json.get("accuracy").asDouble()).isBetween(0.3, 1.0);
        assertThat(json.get("confusion")).hasSize(10);

        assertThat(run("eval", model.toString(), "--data", "mini")).isZero();
        assertThat(out.toString()).contains("accuracy").contains("Ankle boot");
    }

    @Test
    void badInputsExitWithCode2AndAMessage() throws Exception {
        assertThat(run("eval", dir.resolve("missing.bfm").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("missing.bfm");
        Path other = Files.writeString(dir.resolve("model.txt"), "x");
        assertThat(run("eval", other.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("unknown model file type");
        Path damaged = Files.write(dir.resolve("damaged.bfm"), new byte[] {1, 2, 3});
        assertThat(run("eval", damaged.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("damaged.bfm");
        assertThat(run("train", Path.of("..", "sample-models", "fashion-bcnn.bitflow.json").toString(), "--epochs", "0"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--epochs");
        assertThat(run("train", Path.of("..", "sample-models", "fashion-bcnn.bitflow.json").toString(), "--validation",
                "1")).isEqualTo(2);
        assertThat(err.toString()).contains("--validation must be in [0, 1)");
        assertThat(run("train", Path.of("..", "sample-models", "fashion-bcnn.bitflow.json").toString(), "--scaling", "x"))
                .isEqualTo(2);
    }
}
