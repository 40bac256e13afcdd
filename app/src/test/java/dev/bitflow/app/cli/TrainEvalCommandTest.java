package dev.bitflow.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bitflow.app.TestImageFolders;
import dev.bitflow.engine.api.Engine;
import dev.bitflow.engine.api.EngineProvider;
import dev.bitflow.plugins.host.PluginHost;
import dev.bitflow.engine.api.io.AtomicFiles;
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
        assertThat(out.toString()).contains("wrote " + model)
                .contains("data      mini (Fashion-MNIST): 10 classes [T-shirt/top, Trouser, Pullover, Dress, Coat,"
                        + " Sandal, Shirt, Sneaker, Bag, Ankle boot], 6,000 train / 1,000 test, 1x28x28")
                .containsPattern("test      accuracy \\d+\\.\\d\\d% on 1,000 images \\(loss \\d+\\.\\d{4}\\)");

        assertThat(run("eval", model.toString(), "--data", "mini", "--format", "json")).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("examples").asInt()).isEqualTo(1000);
        assertThat(json.get("accuracy").asDouble()).isBetween(0.3, 1.0);
        assertThat(json.get("confusion")).hasSize(10);

        // without --data: the data the model was trained on (the mini set), not the standard location
        assertThat(run("eval", model.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("accuracy").contains("Ankle boot").contains("examples  1000");
    }

    @Test
    void aModelTrainedOnAnImageFolderKeepsItsDataAndIsRefusedOnOtherClasses() throws Exception {
        Path images = TestImageFolders.shades(dir.resolve("shades"), 16, 24, 6);
        Path def = dir.resolve("tiny.bitflow.json");
        AtomicFiles.writeString(def, """
                {"format": "bitflow-definition", "version": 1, "name": "tiny",
                 "input": {"channels": 1, "height": 16, "width": 16},
                 "layers": [{"type": "flatten", "name": "flat"},
                            {"type": "dense", "name": "fc", "units": 2, "weights": "float", "bias": true},
                            {"type": "softmax", "name": "out"}],
                 "training": {"epochs": 1, "batchSize": 16, "validationFraction": 0},
                 "dataset": {"id": "fashion-mnist"}}
                """);
        Path model = dir.resolve("tiny.bfm");
        assertThat(run("train", def.toString(), "--data", images.toString(), "--out", model.toString()))
                .as(err.toString()).isZero();
        assertThat(out.toString()).contains("data      images:" + images + " (Image folders): 2 classes [dark, light],"
                + " 48 train / 12 test, 1x16x16");
        assertThat(run("eval", model.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("examples  12").contains("dark").contains("light")
                .doesNotContain("T-shirt");
        // 'mini' is a location of the model's own kind of data, which image folders do not have
        assertThat(run("eval", model.toString(), "--data", "mini")).isEqualTo(2);
        assertThat(err.toString()).contains("images is not available at mini");
        // a folder of other data (detected: the mini set's files are Fashion-MNIST) is refused: other classes
        Path fashion = Path.of("..", "sample-models", "mini");
        assertThat(run("eval", model.toString(), "--data", fashion.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("the model's classes are 2 classes [dark, light] but fashion-mnist:"
                + fashion + " has 10 classes [T-shirt/top");
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
