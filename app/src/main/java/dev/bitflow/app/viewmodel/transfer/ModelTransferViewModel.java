package dev.bitflow.app.viewmodel.transfer;

import dev.bitflow.app.service.BackgroundTask;
import dev.bitflow.app.service.TaskExecutor;
import dev.bitflow.app.viewmodel.ModelSession;
import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.export.ExportFigure;
import dev.bitflow.engine.api.export.ExportFormat;
import dev.bitflow.engine.api.export.ExportInput;
import dev.bitflow.engine.api.export.ExportReport;
import dev.bitflow.engine.api.export.ExportService;
import dev.bitflow.engine.api.training.TrainedModel;
import dev.bitflow.engine.api.training.TrainingService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * File &gt; Export and File &gt; Import: models out through the exporter plugins and weights in through the importer
 * plugins, in the background. An export takes the current model of the analysis views (a trained model; formats of
 * the fused network fuse it) or, for formats that need only a definition, the editor's definition. An import reads
 * a weight file for the editor's definition, writes the trained model file and makes it the current model, so the
 * analysis views take it like any other. {@link #reportProperty()} holds the last outcome in words,
 * {@link #problemProperty()} why the last one failed.
 */
public final class ModelTransferViewModel {
    private final ExportService exports;
    private final TrainingService training;
    private final ModelSession session;
    private final Supplier<NetworkDefinition> definition;
    private final TaskExecutor tasks;
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper report = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");

    /**
     * @param definition the editor's current definition
     */
    public ModelTransferViewModel(ExportService exports, TrainingService training, ModelSession session,
                                  Supplier<NetworkDefinition> definition, TaskExecutor tasks) {
        this.exports = Objects.requireNonNull(exports);
        this.training = Objects.requireNonNull(training);
        this.session = Objects.requireNonNull(session);
        this.definition = Objects.requireNonNull(definition);
        this.tasks = Objects.requireNonNull(tasks);
    }

    public List<ExportFormat> exporters() {
        return exports.exporters();
    }

    public List<ExportFormat> importers() {
        return exports.importers();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** The last outcome, in a few lines (files written, measured sizes). */
    public ReadOnlyStringProperty reportProperty() {
        return report.getReadOnlyProperty();
    }

    /** Why the last export or import failed (empty after a success). */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** What an export in {@code format} would take now, for the dialog; null when it cannot run. */
    public String exportSubject(ExportFormat format) {
        if (format.input() == ExportInput.DEFINITION) {
            return "the definition '" + definition.get().name() + "'";
        }
        TrainedModel m = session.model();
        return m == null ? null : "the model '" + m.definition().name() + "' from " + session.sourceProperty().get();
    }

    /** Exports in the background into {@code folder}. */
    public void export(ExportFormat format, Path folder) {
        TrainedModel model = session.model();
        NetworkDefinition def = definition.get();
        if (format.input() != ExportInput.DEFINITION && model == null) {
            problem.set("Export " + format.name() + " needs a trained model: open one (*.bfm), train one, or load the "
                    + "pretrained sample in one of the analysis views first.");
            return;
        }
        start("Exporting " + format.name(), m -> format.input() == ExportInput.DEFINITION
                ? exports.export(format.id(), def, null, folder, m)
                : exports.export(format.id(), model, null, folder, m), r -> report.set(describe(r)));
    }

    /**
     * Imports {@code weights} for the editor's definition in the background, writes {@code chosen} ({@code *.bfm};
     * a name without an extension gets {@code .bfm}, as the platform's save dialog does not add it) and makes the
     * model current.
     */
    public void importWeights(ExportFormat format, Path weights, Path chosen) {
        NetworkDefinition def = definition.get();
        String name = chosen.getFileName().toString();
        Path target = name.contains(".") ? chosen : chosen.resolveSibling(name + ".bfm");
        start("Importing " + weights.getFileName(), m -> {
            if (!target.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".bfm")) {
                throw new BadInputException(target + ": a trained model file must end in .bfm");
            }
            if (target.toAbsolutePath().normalize().equals(weights.toAbsolutePath().normalize())
                    || (Files.exists(target) && Files.isSameFile(target, weights))) {
                throw new BadInputException(target + " is the weight file being imported; choose another file");
            }
            TrainedModel model = exports.importModel(format.id(), weights, def, m);
            training.save(model, target);
            return model;
        }, model -> {
            session.adopt(model, target.getFileName().toString());
            report.set("Imported " + model.parameterValues().size() + " parameters of '" + def.name() + "' from "
                    + weights.getFileName() + " into " + target.getFileName() + "; it is now the current model.\n"
                    + model.provenance().origin());
        });
    }

    private <T> void start(String title, BackgroundTask.Work<T> work, java.util.function.Consumer<T> done) {
        busy.set(true);
        problem.set("");
        report.set("");
        tasks.execute(BackgroundTask.of(title, work)
                .inStatusLine()
                .onSuccess(done)
                .onFailure(e -> problem.set(BackgroundTask.messageOf(e)))
                .onCancelled(() -> problem.set(title + " was cancelled; nothing was written."))
                .onFinished(() -> busy.set(false)));
    }

    /** A report in words: where, which files, the figures (measured and ledger), the notes. */
    static String describe(ExportReport r) {
        StringBuilder s = new StringBuilder("Exported '").append(r.model()).append("' as ").append(r.format())
                .append(": ").append(r.files().size()).append(r.files().size() == 1 ? " file in " : " files in ")
                .append(r.directory()).append('\n');
        r.files().forEach(f -> s.append("  ").append(f.getFileName()).append('\n'));
        for (ExportFigure f : r.figures()) {
            s.append(String.format(Locale.ROOT, "%s: %,d %s (%s)%n", f.name(), f.value(), f.unit(), f.source()));
        }
        r.notes().forEach(n -> s.append(n).append('\n'));
        return s.toString().strip();
    }
}
