package dev.bitflow.plugins.export.pytorch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bitflow.engine.api.Engine;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.export.ExportReport;
import dev.bitflow.engine.api.fusion.VerificationReport;
import dev.bitflow.engine.api.training.Predictions;
import dev.bitflow.engine.api.training.TrainedModel;
import dev.bitflow.plugins.export.ExportTestSupport;
import dev.bitflow.plugins.export.tools.ExternalTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cross-framework round trip: the exported PyTorch script trains fashion-bcnn for one short epoch on the mini
 * set on the CPU, {@code import npz} builds a model from its weights, the workbench's float path predicts what
 * PyTorch's forward pass predicted on every image of the mini test set, and the fused model verifies bit-exact.
 * Needs a Python with torch and numpy: {@code /usr/bin/python3} (Debian's python3-torch), or the interpreter named
 * by the environment variable {@value #PYTHON_ENV}.
 */
class PyTorchRoundTripTest {
    static final String PYTHON_ENV = "BITFLOW_TORCH_PYTHON";
    static final Path MINI = Path.of("..", "sample-models", "mini");
    static final int TRAIN_IMAGES = 400;

    @TempDir
    Path dir;

    /** A Python that imports torch and numpy, or null. */
    static ExternalTool torchPython() throws Exception {
        String name = System.getenv().getOrDefault(PYTHON_ENV, "/usr/bin/python3");
        ExternalTool python = ExternalTool.find(name).orElse(null);
        if (python == null) {
            return null;
        }
        ExternalTool.Result r = python.run(Path.of("."), List.of("-c", "import torch, numpy"), 120, TaskMonitor.NONE);
        return r.ok() ? python : null;
    }

    @Test
    void everyFashionSampleBuildsAndRunsInPyTorch() throws Exception {
        ExternalTool python = torchPython();
        assumeTrue(python != null, "no Python with torch: install Debian's python3-torch or set " + PYTHON_ENV);
        Engine engine = ExportTestSupport.engine();
        StringBuilder check = new StringBuilder("import sys, torch\nsys.path.insert(0, '.')\n");
        for (String sample : List.of("fashion-bcnn", "fashion-bcnn-2class", "fashion-fp", "fashion-fp-2class")) {
            NetworkDefinition def = engine.definitions().sample(sample);
            ExportReport r = engine.exports().export("pytorch", def, null, dir, TaskMonitor.NONE);
            String module = r.files().stream().map(f -> f.getFileName().toString()).filter(f -> f.endsWith("_model.py"))
                    .findFirst().orElseThrow().replace(".py", "");
            int classes = def.dataset().classes().isEmpty() ? 10 : def.dataset().classes().size();
            check.append("import ").append(module).append(" as m\n")
                    .append("net = m.build(torch.Generator().manual_seed(1)).eval()\n")
                    .append("y = net(torch.zeros(2, *m.INPUT_SHAPE))\n")
                    .append("assert tuple(y.shape) == (2, ").append(classes).append("), y.shape\n")
                    .append("names = [n for n, _ in net.workbench_parameters()]\n")
                    .append("print('").append(sample).append("', len(names), names[0])\n");
        }
        Path script = dir.resolve("check.py");
        dev.bitflow.engine.api.io.AtomicFiles.writeString(script, check.toString());
        ExternalTool.Result run = python.run(dir, List.of(script.toString()), 300, TaskMonitor.NONE);
        assertThat(run.ok()).as(run.output()).isTrue();
        assertThat(run.output()).contains("fashion-bcnn 22 conv1/W", "fashion-bcnn-2class 22 conv1/W", "fashion-fp ");
    }

    @Test
    void scriptTrainsWeightsThatTheWorkbenchPredictsAndFusesAlike() throws Exception {
        ExternalTool python = torchPython();
        assumeTrue(python != null, "no Python with torch: install Debian's python3-torch (apt-get install -y "
                + "python3-torch) or set " + PYTHON_ENV + "; the PyTorch round trip needs it");
        Engine engine = ExportTestSupport.engine();
        NetworkDefinition def = engine.definitions().sample("fashion-bcnn");
        ExportReport report = engine.exports().export("pytorch", def, null, dir.resolve("script"), TaskMonitor.NONE);
        Path script = report.directory();
        Path weights = dir.resolve("weights.npz");
        Path predictions = dir.resolve("predictions.txt");
        ExternalTool.Result run = python.run(script, List.of("train_fashion_bcnn.py", "--data",
                MINI.toAbsolutePath().toString(), "--epochs", "1", "--max-train", Integer.toString(TRAIN_IMAGES),
                "--out", weights.toString(), "--test-predictions", predictions.toString()), 600, TaskMonitor.NONE);
        assertThat(run.ok()).as("the training script's output:\n%s", run.output()).isTrue();
        assertThat(run.output()).contains("epoch 1/1", "wrote " + weights);

        TrainedModel model = engine.exports().importModel("npz", weights, def, TaskMonitor.NONE);
        assertThat(model.provenance().origin()).contains("weights.npz", "sha256", "PyTorch");
        assertThat(model.provenance().epochs()).isEqualTo(1);
        Path bfm = dir.resolve("imported.bfm");
        engine.training().save(model, bfm);
        TrainedModel loaded = engine.training().load(bfm);
        assertThat(loaded.provenance().origin()).isEqualTo(model.provenance().origin());

        Predictions workbench = engine.training().predict(loaded, DataLocation.mini(), 0, TaskMonitor.NONE);
        List<String> lines = Files.readAllLines(predictions);
        assertThat(lines).hasSize(workbench.examples());
        int agree = 0;
        for (int e = 0; e < lines.size(); e++) {
            String[] f = lines.get(e).split(" ");
            assertThat(Integer.parseInt(f[0])).isEqualTo(e);
            agree += Integer.parseInt(f[1]) == workbench.predicted(e) ? 1 : 0;
        }
        assertThat(agree).as("PyTorch's and the workbench's predictions on the mini test set").isEqualTo(lines.size());

        VerificationReport v = engine.fusion().verify(engine.fusion().fuse(loaded, TaskMonitor.NONE), DataLocation.mini(), 0,
                TaskMonitor.NONE);
        assertThat(v.examples()).isEqualTo(1000);
        assertThat(v.mismatchesOutsideTies()).isZero();
        assertThat(v.outputScoreMismatches()).isZero();
        assertThat(v.verdict()).isNotEqualTo(dev.bitflow.engine.api.fusion.Verdict.DIFFERENT);
    }
}
