package dev.bitflow.plugins.export.pytorch;

import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.definition.AvgPoolSpec;
import dev.bitflow.engine.api.definition.BatchNormSpec;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DatasetRef;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.DropoutSpec;
import dev.bitflow.engine.api.definition.FlattenSpec;
import dev.bitflow.engine.api.definition.LayerShape;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.LrSchedule;
import dev.bitflow.engine.api.definition.MaxPoolSpec;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.Normalization;
import dev.bitflow.engine.api.definition.Optimizer;
import dev.bitflow.engine.api.definition.PaddingMode;
import dev.bitflow.engine.api.definition.Precision;
import dev.bitflow.engine.api.definition.ReluSpec;
import dev.bitflow.engine.api.definition.ScalingFactor;
import dev.bitflow.engine.api.definition.ScheduleKind;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.api.definition.SignSpec;
import dev.bitflow.engine.api.definition.SoftmaxSpec;
import dev.bitflow.engine.api.definition.TrainingSpec;
import dev.bitflow.engine.api.export.ExportInput;
import dev.bitflow.engine.api.export.ExportReport;
import dev.bitflow.engine.spi.ExportJob;
import dev.bitflow.engine.spi.ModelExporter;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code bitflow export pytorch DEF --out DIR}: a runnable PyTorch training script of a definition. Writes
 * {@code bitflow_torch.py} (the workbench's layers, recipe and training loop in PyTorch; see its docstring),
 * {@code bitflow_data.py} (the built-in data sets read as the workbench reads them: the same examples in the same
 * order with the same labels and pixel values; see its docstring), {@code NAME_model.py} (this definition's layers,
 * recipe and data set) and {@code train_NAME.py} (the entry point: {@code python3 train_NAME.py --data DIR}, or with
 * {@code torchrun} for several GPUs). The script saves the weights as {@code .npz} with the workbench's parameter
 * names, for {@code bitflow import npz}.
 */
public final class PyTorchExporter implements ModelExporter {
    static final String LIBRARY = "bitflow_torch.py";
    static final String DATA_LIBRARY = "bitflow_data.py";

    @Override
    public String id() {
        return "pytorch";
    }

    @Override
    public String displayName() {
        return "PyTorch training script";
    }

    @Override
    public String description() {
        return "A runnable PyTorch training script of the definition (same layers, STE, SF, BatchNorm, sign(0) = +1, "
                + "initialisation and recipe; CPU, one GPU or DDP with torchrun) that saves .npz weights for "
                + "'bitflow import npz'.";
    }

    @Override
    public ExportInput input() {
        return ExportInput.DEFINITION;
    }

    @Override
    public ExportReport export(ExportJob job, TaskMonitor monitor) throws IOException {
        NetworkDefinition def = job.definition();
        if (def.dataset() == null || def.training() == null) {
            throw new dev.bitflow.engine.api.BadInputException("definition '" + def.name()
                    + "' needs a data set and a training section for a training script");
        }
        String base = job.baseName();
        String module = module(def, job.shapes());
        monitor.checkCancelled();
        job.writeBytes(LIBRARY, resource(LIBRARY));
        job.writeBytes(DATA_LIBRARY, resource(DATA_LIBRARY));
        job.writeString(base + "_model.py", module);
        job.writeString("train_" + base + ".py", "#!/usr/bin/env python3\n\"\"\"Trains '" + def.name()
                + "' in PyTorch with the BitFlow Workbench recipe. python3 train_" + base + ".py --help\"\"\"\n"
                + "import sys\n\nimport " + base + "_model as model\nfrom bitflow_torch import main\n\n"
                + "if __name__ == \"__main__\":\n    sys.exit(main(model))\n");
        return job.report(List.of(), List.of(
                "train:  python3 train_" + base + ".py --data DIR --out " + base + ".npz   (--device cuda for a GPU; "
                        + "torchrun --nproc_per_node=N train_" + base + ".py ... for several)",
                "import: bitflow import npz " + base + ".npz --definition DEF --out " + base + ".bfm",
                "reads --data as the workbench does (IDX files, image folders, CIFAR-10, 11K Hands; KIND:DIR or a "
                        + "folder of a detected kind)" + (def.dataset().location() == null ? ""
                        : "; default " + def.dataset().location())));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = PyTorchExporter.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException(name + " is missing from the plugin jar");
            }
            return in.readAllBytes();
        }
    }

    /** The definition as Python: its layers built in order, its recipe and data set. */
    static String module(NetworkDefinition def, List<LayerShape> shapes) {
        StringBuilder p = new StringBuilder();
        p.append("\"\"\"'").append(def.name()).append("' for PyTorch, written by BitFlow Workbench (bitflow export ")
                .append("pytorch). Layers, recipe and data set of the definition.\"\"\"\n");
        p.append("from bitflow_torch import (AvgPool, BatchNorm, Conv2d, Dense, Dropout, Flatten, MaxPool, Network,")
                .append(" Relu, Sign)\n\n");
        p.append("NAME = ").append(py(def.name())).append('\n');
        Shape in = def.input();
        p.append("INPUT_SHAPE = (").append(in.channels()).append(", ").append(in.height()).append(", ")
                .append(in.width()).append(")\n");
        DatasetRef d = def.dataset();
        p.append("DATASET = {\"id\": ").append(py(d.id())).append(", \"classes\": [")
                .append(d.classes().stream().map(String::valueOf).collect(Collectors.joining(", ")))
                .append("], \"normalization\": ")
                .append(py(d.normalization() == Normalization.MINUS_ONE_TO_ONE ? "minus-one-to-one" : "unit"))
                .append(",\n           \"resize\": ").append(py(d.resize().name().toLowerCase(Locale.ROOT)))
                .append(", \"options\": {")
                .append(d.options().entrySet().stream().map(e -> py(e.getKey()) + ": " + py(e.getValue()))
                        .collect(Collectors.joining(", ")))
                .append("},\n           \"location\": ").append(d.location() == null ? "None" : py(d.location().toString()))
                .append(", \"classNames\": [")
                .append(d.classNames().stream().map(PyTorchExporter::py).collect(Collectors.joining(", ")))
                .append("]}\n");
        p.append("DATASET_ID = ").append(py(d.classes().isEmpty() ? d.id() : d.id() + d.classes().stream()
                .map(String::valueOf).collect(Collectors.joining(",", "[", "]")))).append('\n');
        TrainingSpec t = def.training();
        LrSchedule s = t.schedule() == null ? LrSchedule.CONSTANT : t.schedule();
        p.append("RECIPE = {\n");
        p.append("    \"optimizer\": ").append(py(t.optimizer() == Optimizer.ADAM ? "adam" : "sgd-momentum")).append(",\n");
        p.append("    \"learningRate\": ").append(num(t.learningRate())).append(",\n");
        p.append("    \"momentum\": ").append(num(t.momentum())).append(",\n");
        p.append("    \"schedule\": {\"kind\": ").append(py(scheduleName(s.kind()))).append(", \"stepEpochs\": ")
                .append(s.stepEpochs()).append(", \"gamma\": ").append(num(s.gamma())).append(", \"warmupFraction\": ")
                .append(num(s.warmupFraction())).append("},\n");
        p.append("    \"epochs\": ").append(t.epochs()).append(",\n");
        p.append("    \"batchSize\": ").append(t.batchSize()).append(",\n");
        p.append("    \"seed\": ").append(t.seed()).append(",\n");
        p.append("    \"validationFraction\": ").append(num(t.validationFraction())).append(",\n");
        p.append("}\n\n\n");
        p.append("def build(generator):\n");
        p.append("    \"\"\"The network with weights initialised from the torch.Generator.\"\"\"\n");
        p.append("    return Network([\n");
        for (int i = 0; i < def.layers().size(); i++) {
            LayerSpec l = def.layers().get(i);
            Shape li = shapes.get(i).input();
            String n = py(l.name());
            String line;
            if (l instanceof Conv2dSpec c) {
                line = "Conv2d(" + n + ", " + li.channels() + ", " + c.filters() + ", " + c.kernel() + ", " + c.stride()
                        + ", " + py(paddingName(c.padding().mode())) + ", " + c.padding().amount() + ", binary="
                        + bool(c.weights() == Precision.BINARY) + ", scaling=" + bool(c.scaling() == ScalingFactor.MEAN_ABS)
                        + ", bias=" + bool(c.bias()) + ", generator=generator)";
            } else if (l instanceof DenseSpec dense) {
                line = "Dense(" + n + ", " + li.size() + ", " + dense.units() + ", binary="
                        + bool(dense.weights() == Precision.BINARY) + ", scaling="
                        + bool(dense.scaling() == ScalingFactor.MEAN_ABS) + ", bias=" + bool(dense.bias())
                        + ", generator=generator)";
            } else if (l instanceof BatchNormSpec bn) {
                line = "BatchNorm(" + n + ", " + li.channels() + ", epsilon=" + num(bn.epsilon()) + ", momentum="
                        + num(bn.momentum()) + ", learn_gamma=" + bool(bn.learnGamma()) + ")";
            } else if (l instanceof SignSpec) {
                line = "Sign(" + n + ")";
            } else if (l instanceof MaxPoolSpec m) {
                line = "MaxPool(" + n + ", " + m.size() + ", " + m.stride() + ")";
            } else if (l instanceof AvgPoolSpec a) {
                line = "AvgPool(" + n + ", " + a.size() + ", " + a.stride() + ")";
            } else if (l instanceof FlattenSpec) {
                line = "Flatten(" + n + ")";
            } else if (l instanceof ReluSpec) {
                line = "Relu(" + n + ")";
            } else if (l instanceof DropoutSpec dr) {
                line = "Dropout(" + n + ", " + num(dr.rate()) + ")";
            } else if (l instanceof SoftmaxSpec) {
                p.append("        # ").append(l.name()).append(": softmax is part of the cross-entropy loss\n");
                continue;
            } else {
                throw new IllegalArgumentException("layer '" + l.name() + "' has no PyTorch form");
            }
            p.append("        ").append(line).append(",\n");
        }
        p.append("    ])\n");
        return p.toString();
    }

    private static String scheduleName(ScheduleKind k) {
        return switch (k) {
            case CONSTANT -> "constant";
            case STEP -> "step";
            case COSINE -> "cosine";
            case ONE_CYCLE -> "one-cycle";
        };
    }

    private static String paddingName(PaddingMode m) {
        return switch (m) {
            case VALID -> "valid";
            case ZERO -> "zero";
            case PLUS_ONE -> "plus-one";
            case MINUS_ONE -> "minus-one";
        };
    }

    private static String bool(boolean b) {
        return b ? "True" : "False";
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%s", Double.toString(v)) : "float('nan')";
    }

    /** A Python string literal (JSON escaping is valid Python for these names). */
    private static String py(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

}
