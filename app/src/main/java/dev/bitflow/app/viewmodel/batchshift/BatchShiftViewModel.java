package dev.bitflow.app.viewmodel.batchshift;

import dev.bitflow.app.service.BackgroundTask;
import dev.bitflow.app.service.TaskExecutor;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.fusion.FusedLayerSummary;
import dev.bitflow.engine.api.fusion.FusionProblem;
import dev.bitflow.engine.api.fusion.FusionService;
import dev.bitflow.engine.api.fusion.FusionSummary;
import dev.bitflow.engine.api.fusion.LayerAgreement;
import dev.bitflow.engine.api.fusion.VerificationReport;
import dev.bitflow.engine.api.training.TrainedModel;
import dev.bitflow.engine.api.training.TrainingService;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The BatchShift view's state: the trained model to fuse (from the training view or a {@code .bfm} file),
 * the fusion problems of the current definition (why it cannot be fused exactly, if so), the per-layer
 * shift table after fusing, and the verification of fused against float on a data set (per layer and
 * channel agreement, prediction agreement). Fusing and verifying run through the {@link TaskExecutor}.
 */
public final class BatchShiftViewModel {
    private final FusionService fusion;
    private final TrainingService training;
    private final TaskExecutor tasks;
    private final ObjectProperty<TrainedModel> model = new SimpleObjectProperty<>();
    private final ObjectProperty<NetworkDefinition> definition = new SimpleObjectProperty<>();
    private final ObservableList<FusionProblem> problems = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<FusionSummary> summary = new ReadOnlyObjectWrapper<>();
    private final ObservableList<FusedLayerSummary> shiftRows = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<VerificationReport> report = new ReadOnlyObjectWrapper<>();
    private final ObservableList<LayerAgreement> agreementRows = FXCollections.observableArrayList();
    private final ObjectProperty<DataLocation> data = new SimpleObjectProperty<>(DataLocation.mini());
    private final IntegerProperty verifyLimit = new SimpleIntegerProperty(1000);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private Consumer<String> errorSink = m -> { };

    public BatchShiftViewModel(FusionService fusion, TrainingService training, TaskExecutor tasks) {
        this.fusion = fusion;
        this.training = training;
        this.tasks = tasks;
        definition.addListener((o, a, d) -> recheck());
        model.addListener((o, a, m) -> {
            summary.set(null);
            shiftRows.clear();
            report.set(null);
            agreementRows.clear();
            status.set(m == null ? "" : "Model " + m.definition().name() + " ready to fuse");
        });
    }

    public void setErrorSink(Consumer<String> sink) {
        this.errorSink = Objects.requireNonNull(sink);
    }

    /** The trained model to fuse; bind it to the training view's last model. */
    public ObjectProperty<TrainedModel> modelProperty() {
        return model;
    }

    /** The definition whose fusability is shown; bind it to the editor's. */
    public ObjectProperty<NetworkDefinition> definitionProperty() {
        return definition;
    }

    public ObservableList<FusionProblem> problems() {
        return problems;
    }

    public ReadOnlyObjectProperty<FusionSummary> summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ObservableList<FusedLayerSummary> shiftRows() {
        return shiftRows;
    }

    public ReadOnlyObjectProperty<VerificationReport> reportProperty() {
        return report.getReadOnlyProperty();
    }

    public ObservableList<LayerAgreement> agreementRows() {
        return agreementRows;
    }

    public ObjectProperty<DataLocation> dataProperty() {
        return data;
    }

    /** Verify on the first n test examples (0: all). */
    public IntegerProperty verifyLimitProperty() {
        return verifyLimit;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    private void recheck() {
        NetworkDefinition d = definition.get();
        if (d == null) {
            problems.clear();
            return;
        }
        try {
            problems.setAll(fusion.check(d));
        } catch (RuntimeException e) {
            problems.setAll(List.of(new FusionProblem("(network)", e.getMessage())));
        }
    }

    /** Reads a trained model file ({@code .bfm}) in the background; it becomes the model to fuse. */
    public void openModel(Path file) {
        busy.set(true);
        tasks.execute(BackgroundTask.of("Opening " + file.getFileName(), mon -> training.load(file))
                .onSuccess(m -> {
                    model.set(m);
                    status.set("Loaded " + file);
                })
                .onFailure(e -> fail("Cannot open " + file, e))
                .onFinished(() -> busy.set(false)));
    }

    /** Fuses the model in memory and fills the shift table. */
    public void fuse() {
        TrainedModel m = model.get();
        if (m == null || busy.get()) {
            return;
        }
        busy.set(true);
        status.set("Fusing " + m.definition().name() + "...");
        tasks.execute(BackgroundTask.of("Fusing " + m.definition().name(), mon -> fusion.fuse(m, mon))
                .onSuccess(s -> {
                    summary.set(s);
                    shiftRows.setAll(s.layers());
                    status.set("Fused " + s.layers().size() + " layers of " + s.model());
                })
                .onFailure(e -> fail("Cannot fuse", e))
                .onCancelled(() -> status.set("Fusion cancelled"))
                .onFinished(() -> busy.set(false)));
    }

    /** Runs float and fused paths over the test split and compares them. */
    public void verify() {
        TrainedModel m = model.get();
        if (m == null || busy.get()) {
            return;
        }
        busy.set(true);
        DataLocation where = data.get();
        int limit = verifyLimit.get();
        status.set("Verifying on " + where + "...");
        tasks.execute(BackgroundTask.of("Verifying " + m.definition().name(), mon -> fusion.verify(m, where, limit, mon))
                .onSuccess(r -> {
                    report.set(r);
                    agreementRows.setAll(r.layers());
                    status.set(String.format(Locale.ROOT, "%s: predictions agree on %d of %d (%.2f%%), %d mismatching bits outside ties",
                            r.equivalent() ? "Equivalent" : "Not equivalent", r.predictionsAgreeing(), r.examples(),
                            100 * r.predictionAgreement(), r.mismatchesOutsideTies()));
                })
                .onFailure(e -> fail("Cannot verify", e))
                .onCancelled(() -> status.set("Verification cancelled"))
                .onFinished(() -> busy.set(false)));
    }

    /** Fuses and writes the {@code .bff} file. */
    public void saveFused(Path file) {
        TrainedModel m = model.get();
        if (m == null || busy.get()) {
            return;
        }
        busy.set(true);
        tasks.execute(BackgroundTask.of("Saving " + file.getFileName(), mon -> fusion.fuse(m, file, mon))
                .onSuccess(s -> {
                    summary.set(s);
                    shiftRows.setAll(s.layers());
                    status.set("Saved fused model " + file + " (" + s.fileBytes() + " bytes)");
                })
                .onFailure(e -> fail("Cannot save " + file, e))
                .onFinished(() -> busy.set(false)));
    }

    /**
     * Mismatch fraction per layer (rows) and channel (columns) of the last verification, for the heat map;
     * empty rows for layers without channels.
     */
    public static double[][] mismatchMap(VerificationReport r) {
        double[][] out = new double[r.layers().size()][];
        for (int i = 0; i < out.length; i++) {
            var ch = r.layers().get(i).channels();
            out[i] = new double[ch.size()];
            for (int c = 0; c < ch.size(); c++) {
                out[i][c] = ch.get(c).bits() == 0 ? 0 : (double) ch.get(c).mismatches() / ch.get(c).bits();
            }
        }
        return out;
    }

    private void fail(String what, Throwable e) {
        String text = what + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        status.set(text);
        errorSink.accept(text);
    }
}
