package dev.bitflow.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.Engine;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.export.ExportFigure;
import dev.bitflow.engine.api.export.ExportFormat;
import dev.bitflow.engine.api.export.ExportReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bitflow export FORMAT MODEL --out DIR}: a model through an exporter plugin (C99 for microcontrollers,
 * ONNX, a PyTorch training script). MODEL is a trained model ({@code .bfm}), a fused model ({@code .bff}), a
 * definition or a sample name; the format says which it needs. Prints the files written and what was measured.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a model: c (C99 for microcontrollers), onnx (float and fused), pytorch (training script).")
final class ExportCommand implements Callable<Integer> {
    private final CliContext context;

    @Parameters(index = "0", paramLabel = "FORMAT", description = "the export format (see 'bitflow plugins')")
    String format;

    @Parameters(index = "1", paramLabel = "MODEL",
            description = "a trained model (*.bfm), a fused model (*.bff), a definition or a sample name")
    String model;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "the folder to write into")
    Path out;

    @Mixin
    TableOrJsonOption output;

    ExportCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        OutputFormat f = output.value();
        Engine engine = context.engine();
        TaskMonitor monitor = new StderrProgress(context.err(), "export");
        Path path = Path.of(model);
        ExportReport report;
        if (Files.exists(path) && DefinitionSource.isTrainedModel(model)) {
            report = engine.exports().export(format, engine.training().load(path), path, out, monitor);
        } else if (Files.exists(path) && DefinitionSource.isFusedModel(model)) {
            report = engine.exports().export(format, engine.fusion().loadFused(path), path, out, monitor);
        } else {
            checkFormat(engine);
            report = engine.exports().export(format, DefinitionSource.load(engine, model),
                    Files.exists(path) ? path : null, out, monitor);
        }
        PrintWriter o = context.out();
        if (f == OutputFormat.JSON) {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("format", report.format());
            root.put("model", report.model());
            root.put("directory", report.directory().toString());
            root.put("files", report.files().stream().map(Path::toString).toList());
            root.put("figures", report.figures());
            root.put("notes", report.notes());
            o.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root));
        } else {
            print(report, o);
        }
        o.flush();
        return BitflowCli.EXIT_OK;
    }

    private void checkFormat(Engine engine) {
        List<String> ids = engine.exports().exporters().stream().map(ExportFormat::id).toList();
        if (!ids.contains(format)) {
            throw new BadInputException("unknown export format '" + format + "'; available: " + String.join(", ", ids));
        }
    }

    /** The files, then the figures as a table (measured and ledger side by side), then the notes. */
    static void print(ExportReport report, PrintWriter o) {
        o.printf(Locale.ROOT, "exported '%s' as %s into %s%n", report.model(), report.format(), report.directory());
        for (Path p : report.files()) {
            o.println("  " + p.getFileName());
        }
        if (!report.figures().isEmpty()) {
            o.println();
            o.printf(Locale.ROOT, "  %-28s %14s  %s%n", "figure", "value", "source");
            for (ExportFigure fig : report.figures()) {
                o.printf(Locale.ROOT, "  %-28s %,14d  %s %s%n", fig.name(), fig.value(), fig.unit(), "(" + fig.source() + ")");
            }
        }
        for (String n : report.notes()) {
            o.println();
            o.println(n);
        }
    }
}
