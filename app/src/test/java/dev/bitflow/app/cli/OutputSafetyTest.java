package dev.bitflow.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bitflow.engine.api.Engine;
import dev.bitflow.engine.api.EngineProvider;
import dev.bitflow.engine.api.io.FileKind;
import dev.bitflow.engine.io.BfmContents;
import dev.bitflow.engine.io.BfmReader;
import dev.bitflow.engine.io.BfmWriter;
import dev.bitflow.engine.model.ParameterSet;
import dev.bitflow.engine.model.Tensor;
import dev.bitflow.engine.model.TrainedNetwork;
import dev.bitflow.plugins.host.PluginHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No command destroys an input, writes outside the folder named, creates folders, or loses a trained model to a
 * write failure; training reports faults in words. Trains a tiny float/binary network on 64 mini-set images, so
 * each run takes a second or two.
 */
class OutputSafetyTest {
    /** Two dense layers with BatchNorm and sign between: trains in two steps of 32 images. */
    static final String TINY = """
            {
              "format": "bitflow-definition",
              "version": 1,
              "name": "NAME",
              "input": {"channels": 1, "height": 28, "width": 28},
              "layers": [
                {"type": "flatten", "name": "flatten"},
                {"type": "dense", "name": "fc1", "units": 16, "weights": "float", "scaling": "none", "bias": false},
                {"type": "batchnorm", "name": "bn1", "epsilon": 1.0E-5, "momentum": 0.9, "learnGamma": true},
                {"type": "sign", "name": "sign1"},
                {"type": "dense", "name": "fc2", "units": 10, "weights": "float", "scaling": "none", "bias": true},
                {"type": "softmax", "name": "softmax"}
              ],
              "training": {"optimizer": "adam", "learningRate": 0.003, "momentum": 0.9,
                "schedule": {"kind": "constant"}, "epochs": 1, "batchSize": 32, "seed": 1, "validationFraction": 0},
              "dataset": {"id": "fashion-mnist"}
            }
            """;
    private static final Path SAMPLE_MODEL = Path.of("..", "sample-models", "fashion-bcnn.bfm");

    private static Engine engine;

    @TempDir
    Path dir;

    private CliHarness cli;

    @BeforeAll
    static void engine() {
        engine = EngineProvider.load().create(PluginHost.discover(OutputSafetyTest.class.getClassLoader()));
        engine.training().setComputeThreads(1);
    }

    private int run(String... args) {
        if (cli == null) {
            cli = new CliHarness(engine, dir.resolve("logs"));
        }
        return cli.run(args);
    }

    private Path definition(String name) throws IOException {
        return Files.writeString(dir.resolve("tiny.bitflow.json"), TINY.replace("NAME", name));
    }

    private int train(Path def, String... more) {
        String[] args = Stream.concat(Stream.of("train", def.toString(), "--data", "mini", "--max-train", "64"),
                Arrays.stream(more)).toArray(String[]::new);
        return run(args);
    }

    @Test
    void fuseRefusesToWriteOverTheModelItReads() throws IOException {
        Path model = Files.copy(SAMPLE_MODEL, dir.resolve("m.bfm"));
        byte[] before = Files.readAllBytes(model);
        Path link = Files.createSymbolicLink(dir.resolve("link.bff"), model);
        Path hard = Files.createLink(dir.resolve("hard.bff"), model);
        for (Path out : new Path[] {model, dir.resolve("./m.bfm"), link, hard}) {
            assertThat(run("fuse", model.toString(), "--out", out.toString())).isEqualTo(BitflowCli.EXIT_BAD_INPUT);
            assertThat(cli.err()).contains("is the same file as MODEL");
        }
        assertThat(run("fuse", model.toString(), "--out", link.toString(), "--force")).isEqualTo(BitflowCli.EXIT_BAD_INPUT);
        assertThat(Files.readAllBytes(model)).isEqualTo(before);
    }

    @Test
    void fuseReplacesAFileOfAnotherKindOnlyWhenForcedAndCleansUpKilledWrites() throws IOException {
        Path model = Files.copy(SAMPLE_MODEL, dir.resolve("m.bfm"));
        Path def = definition("tiny");
        assertThat(run("fuse", model.toString(), "--out", def.toString())).isEqualTo(BitflowCli.EXIT_BAD_INPUT);
        assertThat(cli.err()).contains("is a network definition; writing a fused model would destroy it (use --force");
        assertThat(FileKind.of(def)).isEqualTo(FileKind.DEFINITION);

        Path leftover = Files.writeString(dir.resolve(".m.bff.bitflow-00000000deadbeef.tmp"), "killed mid-write");
        Files.setLastModifiedTime(leftover, FileTime.fromMillis(System.currentTimeMillis() - 86_400_000L));
        assertThat(run("fuse", model.toString(), "--out", def.toString(), "--force")).isZero();
        assertThat(FileKind.of(def)).isEqualTo(FileKind.FUSED_MODEL);
        assertThat(leftover).doesNotExist();
    }

    @Test
    void trainRefusesEveryOutputThatIsTheDefinitionAndEveryOutputPair() throws IOException {
        Path def = definition("tiny");
        String text = Files.readString(def);
        for (String option : new String[] {"--out", "--checkpoint", "--curve"}) {
            assertThat(train(def, option, def.toString())).as(option).isEqualTo(BitflowCli.EXIT_BAD_INPUT);
            assertThat(cli.err()).contains(option + " " + def + " is the same file as the definition");
        }
        assertThat(train(def, "--out", dir.resolve("a.bfm").toString(), "--checkpoint", dir.resolve("a.bfm").toString()))
                .isEqualTo(BitflowCli.EXIT_BAD_INPUT);
        assertThat(cli.err()).contains("are the same file");
        assertThat(Files.readString(def)).isEqualTo(text);
        assertThat(cli.err()).doesNotContain("epoch 1/1"); // refused before any training
    }

    @Test
    void defaultOutputNamesComeFromASanitisedNameAndNoFolderIsCreated() throws IOException {
        String unique = "x" + System.nanoTime();
        Path def = Files.writeString(dir.resolve("d.bitflow.json"), TINY.replace("NAME", "../../evil/" + unique));
        Path cwd = Path.of("").toAbsolutePath();
        Path model = cwd.resolve("evil_" + unique + ".bfm");
        Path ckpt = cwd.resolve("evil_" + unique + ".ckpt.bfm");
        try {
            assertThat(train(def)).as(cli.err()).isZero(); // no --out: the default name in the working folder
            assertThat(cli.out()).contains("wrote evil_" + unique + ".bfm");
            assertThat(model).exists();
            assertThat(ckpt).exists();
            assertThat(cwd.resolve("../../evil").normalize()).doesNotExist();
        } finally {
            Files.deleteIfExists(model);
            Files.deleteIfExists(ckpt);
        }
        assertThat(train(def, "--out", dir.resolve("new/folder/m.bfm").toString())).isEqualTo(BitflowCli.EXIT_BAD_INPUT);
        assertThat(cli.err()).contains("does not exist (folders are not created");
        assertThat(dir.resolve("new")).doesNotExist();
    }

    @Test
    void trainJsonForScriptsAndPlainProgressLinesWhenStderrIsNotATerminal() throws IOException {
        Path def = definition("tiny");
        Path out = dir.resolve("m.bfm");
        assertThat(train(def, "--out", out.toString(), "--format", "json")).as(cli.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(cli.out());
        assertThat(json.get("model").asText()).isEqualTo(out.toString());
        assertThat(json.get("checkpoint").asText()).isEqualTo(dir.resolve("m.ckpt.bfm").toString());
        assertThat(json.get("epochs")).hasSize(1);
        assertThat(json.get("epochs").get(0).get("trainAccuracy").asDouble()).isBetween(0.0, 1.0);
        assertThat(cli.err()).doesNotContain("\r").contains("epoch 1/1");

        CliHarness terminal = new CliHarness(() -> engine, true, dir.resolve("logs"), Map.of(), args -> 0);
        assertThat(terminal.run("train", def.toString(), "--data", "mini", "--max-train", "64", "--out", out.toString()))
                .isZero();
        assertThat(terminal.err()).contains("\r").contains("ETA");
    }

    @Test
    void anOutputFolderNobodyMayWriteIsFoundBeforeTraining() throws Exception {
        Path def = definition("tiny");
        Path fileAsFolder = Files.writeString(dir.resolve("plain-file"), "x");
        assertThat(train(def, "--out", fileAsFolder.resolve("m.bfm").toString())).isEqualTo(BitflowCli.EXIT_BAD_INPUT);
        assertThat(cli.err()).contains("is not a folder").doesNotContain("epoch 1/1");
        if (Files.isDirectory(Path.of("/sys"))) { // sysfs refuses new files even to root
            assertThat(train(def, "--out", dir.resolve("m.bfm").toString(), "--curve", "/sys/curve.csv"))
                    .isEqualTo(BitflowCli.EXIT_BAD_INPUT);
            assertThat(cli.err()).contains("--curve /sys/curve.csv: cannot write in /sys: permission denied").doesNotContain("epoch 1/1");
        }
        try (TmpfsMount readOnly = TmpfsMount.mount(dir, "ro,size=64k")) {
            Path out = readOnly.folder().resolve("m.bfm");
            assertThat(train(def, "--out", out.toString())).isEqualTo(BitflowCli.EXIT_BAD_INPUT);
            assertThat(cli.err()).contains("cannot write in " + readOnly.folder() + ": Read-only file system")
                    .doesNotContain("epoch 1/1");
        }
    }

    @Test
    void aFullDiskAtTheEndKeepsTheWeightsBesideTheCheckpointAndSaysWhere() throws Exception {
        Path def = definition("tiny");
        Path checkpoints = Files.createDirectories(dir.resolve("checkpoints"));
        try (TmpfsMount full = TmpfsMount.mount(dir, "size=8k")) {
            Path out = full.folder().resolve("m.bfm");
            int code = train(def, "--out", out.toString(), "--checkpoint", checkpoints.resolve("m.ckpt.bfm").toString());
            assertThat(code).isEqualTo(BitflowCli.EXIT_BAD_INPUT);
            assertThat(cli.err()).contains("cannot write the trained model to " + out + ": No space left on device")
                    .contains("the trained model is in " + checkpoints.resolve("tiny.unsaved-"))
                    .doesNotContain("\tat ", "internal error");
            assertThat(out).doesNotExist();
        }
        Path saved;
        try (Stream<Path> s = Files.list(checkpoints)) {
            saved = s.filter(p -> p.getFileName().toString().startsWith("tiny.unsaved-")).findFirst().orElseThrow();
        }
        assertThat(FileKind.of(saved)).isEqualTo(FileKind.TRAINED_MODEL);
        assertThat(run("eval", saved.toString(), "--data", "mini")).isZero();
    }

    @Test
    void aDivergingRunSaysSoInWordsWithEpochAndStep() throws IOException {
        Path def = definition("tiny");
        Path ckpt = dir.resolve("m.ckpt.bfm");
        assertThat(train(def, "--out", dir.resolve("m.bfm").toString())).as(cli.err()).isZero();
        // a checkpoint at the start of the run whose last layer's weights overflow float32 on the first batch
        BfmContents c = BfmReader.read(ckpt);
        ParameterSet huge = new ParameterSet();
        c.model().parameters().asMap().forEach((layer, params) -> params.forEach((name, t) -> {
            float[] v = t.data().clone();
            if (layer.equals("fc2") && name.equals(ParameterSet.WEIGHTS)) {
                Arrays.fill(v, 3e38f);
            }
            huge.put(layer, name, new Tensor(t.shape(), v));
        }));
        Path start = dir.resolve("start.ckpt.bfm");
        BfmWriter.write(start, new TrainedNetwork(c.model().definition(), huge, c.model().provenance()), c.extras(),
                Map.of("epochsDone", "0", "stepsDone", "0"));

        assertThat(train(def, "--out", dir.resolve("d.bfm").toString(), "--resume", start.toString()))
                .isEqualTo(BitflowCli.EXIT_BAD_INPUT);
        assertThat(cli.err()).contains("error: training diverged at epoch 1 batch 1/2 (optimiser step 1)")
                .contains("lower the learning rate").doesNotContain("internal error", "\tat ");
    }
}
