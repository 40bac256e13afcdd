package dev.bitflow.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitflow.engine.api.definition.DesignIssue;
import dev.bitflow.engine.api.definition.DesignReport;
import dev.bitflow.engine.api.definition.LayerShape;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.Severity;
import dev.bitflow.engine.api.memory.MemoryBudget;
import dev.bitflow.engine.api.memory.MemoryEstimate;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code bitflow check FILE [--format table|json]}: shape inference and design checks. Exit 0 when there is
 * no ERROR issue, 1 when there is one, 2 when the file itself is malformed.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check a network definition: inferred shape of every layer and design issues "
                + "(ERROR, WARNING, INFO). Exit code 1 if there is an error.",
                "FILE is a *.bitflow.json file or the name of a bundled sample."})
final class CheckCommand implements Callable<Integer> {
    private final CliContext context;

    @Parameters(index = "0", paramLabel = "FILE", description = "definition file or sample name")
    String file;

    @Mixin
    TableOrJsonOption format;

    CheckCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        OutputFormat f = format.value();
        NetworkDefinition d = DefinitionSource.load(context.engine(), file);
        DesignReport report = context.engine().definitions().check(d);
        MemoryEstimate memory = report.hasErrors() ? null : context.engine().memory().trainingEstimate(d);
        MemoryBudget budget = context.engine().memory().budget();
        if (f == OutputFormat.JSON) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ObjectNode root = mapper.createObjectNode();
            root.put("network", d.name());
            root.put("errors", report.hasErrors());
            ArrayNode shapes = root.putArray("layers");
            for (LayerShape s : report.shapes()) {
                ObjectNode o = shapes.addObject();
                o.put("name", s.layer());
                o.put("type", s.type().jsonName());
                o.put("input", s.input() == null ? null : s.input().toString());
                o.put("output", s.output() == null ? null : s.output().toString());
                o.put("binaryInput", s.binaryInput());
            }
            if (memory != null) {
                ObjectNode m = root.putObject("trainingMemory");
                m.put("totalBytes", memory.total());
                m.put("parameterBytes", memory.parameters());
                m.put("gradientBytes", memory.gradients());
                m.put("optimizerStateBytes", memory.optimizerState());
                m.put("activationBytes", memory.activations());
                m.put("checkpointCopyBytes", memory.heap());
                m.put("batchSize", memory.batchSize());
                m.put("budgetBytes", budget.bytes());
                m.put("budgetOrigin", budget.origin());
                m.put("withinBudget", memory.total() <= budget.bytes());
            }
            ArrayNode issues = root.putArray("issues");
            for (DesignIssue i : report.issues()) {
                ObjectNode o = issues.addObject();
                o.put("severity", i.severity().name().toLowerCase(Locale.ROOT));
                o.put("code", i.code());
                o.put("layer", i.layer());
                o.put("field", i.field());
                o.put("message", i.message());
            }
            context.out().println(mapper.writeValueAsString(root));
        } else {
            context.out().println(d.name() + ": " + d.input() + " input, " + d.layers().size() + " layers");
            int w = report.shapes().stream().mapToInt(s -> s.layer().length()).max().orElse(5);
            for (LayerShape s : report.shapes()) {
                context.out().printf(Locale.ROOT, "  %-" + w + "s  %-9s  %12s -> %-12s%s%n", s.layer(), s.type(),
                        s.input() == null ? "?" : s.input(), s.output() == null ? "?" : s.output(),
                        s.binaryInput() ? "  (binary in)" : "");
            }
            long errors = report.issues().stream().filter(i -> i.severity() == Severity.ERROR).count();
            long warnings = report.issues().stream().filter(i -> i.severity() == Severity.WARNING).count();
            context.out().println(errors + " error(s), " + warnings + " warning(s), "
                    + (report.issues().size() - errors - warnings) + " info");
            report.issues().forEach(i -> context.out().println("  " + i));
            if (memory != null) {
                context.out().println("training memory: " + memory.summary());
                context.out().println("memory budget: " + budget + (memory.total() <= budget.bytes() ? ""
                        : "; train and bench would refuse this network (use --memory-budget to change the budget)"));
            }
        }
        return report.hasErrors() ? BitflowCli.EXIT_FAILED : BitflowCli.EXIT_OK;
    }
}
