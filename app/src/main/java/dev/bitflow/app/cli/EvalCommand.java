package dev.bitflow.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.fusion.FusedModel;
import dev.bitflow.engine.api.training.EvaluationResult;
import dev.bitflow.engine.api.training.TrainedModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code bitflow eval MODEL}: accuracy, per-class accuracy and confusion matrix of a model on the test split
 * of its data set. Routes by file extension: {@code .bfm} (trained, float path); other model kinds plug in as
 * another branch of {@link #evaluate}.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a trained (*.bfm) or fused (*.bff) model on the test set of its data set.")
final class EvalCommand implements Callable<Integer> {
    private final CliContext context;

    @Parameters(index = "0", paramLabel = "MODEL", description = "the model file (*.bfm or *.bff)")
    Path modelFile;

    @Mixin
    DataOption data;

    @Mixin
    TableOrJsonOption format;

    EvalCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        OutputFormat f = format.value();
        EvaluationResult result = evaluate(modelFile, data.location());
        if (f == OutputFormat.JSON) {
            context.out().println(toJson(result));
        } else {
            printTable(result);
        }
        return 0;
    }

    private EvaluationResult evaluate(Path file, DataLocation location) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".bfm")) {
            TrainedModel model = context.engine().training().load(file);
            return context.engine().training().evaluate(model, location, TaskMonitor.NONE);
        }
        if (name.endsWith(".bff")) {
            FusedModel fused = context.engine().fusion().loadFused(file);
            return context.engine().fusion().evaluate(fused, location, TaskMonitor.NONE);
        }
        throw new BadInputException(file + ": unknown model file type (expected .bfm or .bff)");
    }

    private String toJson(EvaluationResult r) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("model", modelFile.toString());
        root.put("dataset", r.dataset());
        root.put("examples", r.examples());
        root.put("accuracy", r.accuracy());
        root.put("loss", r.loss());
        ArrayNode classes = root.putArray("classes");
        for (int c = 0; c < r.classNames().size(); c++) {
            ObjectNode cls = classes.addObject();
            cls.put("name", r.classNames().get(c));
            cls.put("accuracy", r.perClassAccuracy().get(c));
        }
        ArrayNode confusion = root.putArray("confusion");
        for (List<Integer> row : r.confusion()) {
            ArrayNode a = confusion.addArray();
            row.forEach(a::add);
        }
        try {
            return mapper.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void printTable(EvaluationResult r) {
        var out = context.out();
        out.printf(Locale.ROOT, "model     %s%n", modelFile);
        out.printf(Locale.ROOT, "data      %s%n", r.dataset());
        out.printf(Locale.ROOT, "examples  %d%n", r.examples());
        out.printf(Locale.ROOT, "accuracy  %.2f%%%n", 100 * r.accuracy());
        out.printf(Locale.ROOT, "loss      %.4f%n%n", r.loss());
        out.printf(Locale.ROOT, "%-3s %-14s %8s   confusion (row = true, column = predicted)%n", "#", "class", "acc");
        for (int c = 0; c < r.classNames().size(); c++) {
            StringBuilder row = new StringBuilder();
            for (int v : r.confusion().get(c)) {
                row.append(String.format(Locale.ROOT, "%6d", v));
            }
            out.printf(Locale.ROOT, "%-3d %-14s %7.2f%%  %s%n", c, r.classNames().get(c),
                    100 * r.perClassAccuracy().get(c), row);
        }
    }
}
