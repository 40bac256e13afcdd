package dev.bitflow.engine.export;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.BuildInfo;
import dev.bitflow.engine.api.PluginCatalog;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.definition.DefinitionService;
import dev.bitflow.engine.api.definition.DesignReport;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.Severity;
import dev.bitflow.engine.api.export.ExportFigure;
import dev.bitflow.engine.api.export.ExportFormat;
import dev.bitflow.engine.api.export.ExportInput;
import dev.bitflow.engine.api.export.ExportReport;
import dev.bitflow.engine.api.export.ExportService;
import dev.bitflow.engine.api.fusion.FusedModel;
import dev.bitflow.engine.api.ledger.LedgerService;
import dev.bitflow.engine.api.ledger.LedgerTotals;
import dev.bitflow.engine.api.training.Provenance;
import dev.bitflow.engine.api.training.TrainedModel;
import dev.bitflow.engine.fusion.DefaultFusionService;
import dev.bitflow.engine.io.ParameterAssembler;
import dev.bitflow.engine.model.ParameterSet;
import dev.bitflow.engine.model.TrainedNetwork;
import dev.bitflow.engine.spi.ExportJob;
import dev.bitflow.engine.spi.ImportedWeights;
import dev.bitflow.engine.spi.ModelExporter;
import dev.bitflow.engine.spi.ModelImporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The exporters and importers of the plugin catalog, fed with the model in every form the engine can make of it:
 * a trained model is also fused in memory (when it fuses exactly) so that formats of the fused network take a
 * {@code .bfm} as well as a {@code .bff}. Exports of the fused network get the ledger's byte counts beside what the
 * exporter measured, so a report shows counted and built sizes together.
 */
public final class DefaultExportService implements ExportService {
    private final PluginCatalog plugins;
    private final DefinitionService definitions;
    private final DefaultFusionService fusion;
    private final LedgerService ledger;

    public DefaultExportService(PluginCatalog plugins, DefinitionService definitions, DefaultFusionService fusion,
                                LedgerService ledger) {
        this.plugins = plugins;
        this.definitions = definitions;
        this.fusion = fusion;
        this.ledger = ledger;
    }

    @Override
    public List<ExportFormat> exporters() {
        return plugins.services(ModelExporter.class).stream()
                .map(e -> new ExportFormat(e.id(), e.displayName(), e.description(), e.input(), null)).toList();
    }

    @Override
    public List<ExportFormat> importers() {
        return plugins.services(ModelImporter.class).stream()
                .map(i -> new ExportFormat(i.id(), i.displayName(), i.description(), null, i.extension())).toList();
    }

    @Override
    public ExportReport export(String format, TrainedModel model, Path source, Path directory, TaskMonitor monitor) {
        TrainedNetwork net = TrainedNetwork.of(model);
        FusedModel fused = null;
        String notFused = null;
        if (exporter(format).input() != ExportInput.DEFINITION) {
            try {
                fused = fusion.fuse(net, monitor);
            } catch (BadInputException e) {
                notFused = "model '" + net.definition().name() + "' does not fuse exactly: " + e.getMessage();
            }
        }
        return run(format, job(format, net.definition(), net, fused, notFused, directory, inputs(source)),
                monitor);
    }

    @Override
    public ExportReport export(String format, FusedModel model, Path source, Path directory, TaskMonitor monitor) {
        return run(format, job(format, model.definition(), null, model, null, directory, inputs(source)),
                monitor);
    }

    @Override
    public ExportReport export(String format, NetworkDefinition definition, Path source, Path directory,
                               TaskMonitor monitor) {
        return run(format, job(format, definition, null, null, "a definition has no trained parameters",
                directory, inputs(source)), monitor);
    }

    private ExportJob job(String format, NetworkDefinition definition, TrainedModel trained, FusedModel fused,
                          String notFused, Path directory, List<Path> inputs) {
        DesignReport design = definitions.check(definition);
        if (design.hasErrors()) {
            throw new BadInputException("definition '" + definition.name() + "' has shape errors; fix them first: "
                    + design.issues().stream().filter(i -> i.severity() == Severity.ERROR)
                    .map(i -> i.layer() + ": " + i.message()).toList());
        }
        return new ExportJob(format, definition, design.shapes(), trained, fused, notFused, directory, inputs);
    }

    private ModelExporter exporter(String format) {
        return plugins.services(ModelExporter.class).stream().filter(e -> e.id().equals(format)).findFirst()
                .orElseThrow(() -> new BadInputException("unknown export format '" + format + "'; available: "
                        + String.join(", ", exporters().stream().map(ExportFormat::id).toList())));
    }

    private ExportReport run(String format, ExportJob job, TaskMonitor monitor) {
        ModelExporter exporter = exporter(format);
        if (Files.exists(job.directory()) && !Files.isDirectory(job.directory())) {
            throw new BadInputException(job.directory() + ": not a folder; export writes several files into a folder");
        }
        ExportReport report;
        try {
            monitor.checkCancelled();
            report = exporter.export(job, monitor);
        } catch (IOException e) {
            throw new UncheckedIOException("export " + format + " to " + job.directory() + ": " + e.getMessage(), e);
        }
        if (job.fused() != null && report.figures().stream().anyMatch(f -> f.source().contains("arm-none-eabi-size"))) {
            report = report.withFigures(ledgerFigures(job.definition()));
        }
        return report;
    }

    /** The ledger's byte counts of the fused definition, to stand beside sizes an exporter measured. */
    private List<ExportFigure> ledgerFigures(NetworkDefinition definition) {
        LedgerTotals t = ledger.ledger(definition, true).totals();
        return List.of(new ExportFigure("ledger fusedBytes", t.fusedBytes(), "bytes", "ledger (fused)"),
                new ExportFigure("ledger activation bytes", (t.activationBits() + 7) / 8, "bytes",
                        "ledger (fused, all feature maps)"));
    }

    private static List<Path> inputs(Path source) {
        return source == null ? List.of() : List.of(source);
    }

    @Override
    public TrainedModel importModel(String format, Path file, NetworkDefinition definition, TaskMonitor monitor) {
        ModelImporter importer = plugins.services(ModelImporter.class).stream().filter(i -> i.id().equals(format))
                .findFirst().orElseThrow(() -> new BadInputException("unknown import format '" + format
                        + "'; available: " + String.join(", ", importers().stream().map(ExportFormat::id).toList())));
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + ": no such file");
        }
        ImportedWeights weights;
        try {
            weights = importer.read(file, new NpyImportContext(definition), monitor);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read: " + e.getMessage(), e);
        }
        ParameterSet params = ParameterAssembler.assemble(definition, weights.parameters(), weights.problems(),
                file.toString());
        return new TrainedNetwork(definition, params, provenance(file, definition, weights));
    }

    private static Provenance provenance(Path file, NetworkDefinition definition, ImportedWeights weights) {
        Map<String, String> meta = weights.metadata();
        Map<String, Double> metrics = new LinkedHashMap<>();
        meta.forEach((k, v) -> {
            if (k.startsWith("metric.")) {
                try {
                    metrics.put(k.substring("metric.".length()), Double.parseDouble(v));
                } catch (NumberFormatException e) {
                    // a metric that is not a number is left out of the provenance; the origin names the file
                }
            }
        });
        long seed = parseLong(meta.get("seed"), definition.training() == null ? 0 : definition.training().seed());
        int epochs = (int) Math.max(0, Math.min(Integer.MAX_VALUE, parseLong(meta.get("epochs"), 0)));
        String datasetId = meta.getOrDefault("datasetId", definition.dataset() == null ? null : definition.dataset().id());
        List<String> origin = new ArrayList<>();
        origin.add(weights.origin() != null ? weights.origin() : "imported from " + file.getFileName());
        if (meta.containsKey("framework")) {
            origin.add("trained with " + meta.get("framework"));
        }
        return new Provenance(seed, datasetId, meta.get("datasetSha256"), epochs, metrics,
                System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), BuildInfo.version(),
                null, String.join("; ", origin));
    }

    private static long parseLong(String v, long fallback) {
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
