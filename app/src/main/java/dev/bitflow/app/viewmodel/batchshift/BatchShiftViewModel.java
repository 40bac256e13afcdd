package dev.bitflow.app.viewmodel.batchshift;

import dev.bitflow.app.viewmodel.ModelData;
import dev.bitflow.app.service.BackgroundTask;
import dev.bitflow.app.service.SaveGuard;
import dev.bitflow.app.service.TaskExecutor;
import dev.bitflow.app.service.TaskHandle;
import dev.bitflow.app.viewmodel.ModelSession;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.data.DatasetService;
import dev.bitflow.engine.api.definition.DatasetRef;
import dev.bitflow.engine.api.fusion.FusionProblem;
import dev.bitflow.engine.api.fusion.FusionService;
import dev.bitflow.engine.api.fusion.FusionSummary;
import dev.bitflow.engine.api.fusion.VerificationReport;
import dev.bitflow.engine.api.io.FileKind;
import dev.bitflow.engine.api.training.TrainedModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The BatchShift view's state: fuse the session's trained model (SF + BatchNorm + sign of every binary layer
 * folded into one integer addition per channel), show the per-layer table of shifts, verify the fused
 * bit-level network against the float path on a data set (a per-layer, per-channel {@link MismatchHeatMap}
 * and the prediction agreement), and save the fused model as {@code *.bff}. The fused model is the session's
 * ({@link ModelSession#fusedModel}): fused once, then verified and saved as it is. Fusion, verification and saving
 * run through the {@link TaskExecutor} and can be cancelled; a failure becomes {@link #errorProperty()}.
 */
public final class BatchShiftViewModel {
    /**
     * Where the verification's test images come from: the model's own data (the location training stored), or for
     * models written before locations were stored the embedded mini set or the standard location.
     */
    public enum VerificationData {
        OWN("The model's own test set"), MINI("Embedded mini set"), STANDARD("Full test set");

        private final String label;

        VerificationData(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public DataLocation location(TrainedModel model) {
            return switch (this) {
                case OWN -> ModelData.of(model.definition());
                case MINI -> DataLocation.mini();
                case STANDARD -> DataLocation.standard();
            };
        }
    }

    /** What the view shows as a whole. */
    public enum Phase {
        /** No trained model: the empty state. */
        NO_MODEL,
        /** A model that has not been fused yet. */
        NOT_FUSED,
        /** Fused; the table is shown, verification may follow. */
        FUSED
    }

    private final ModelSession session;
    private final FusionService fusion;
    private final DatasetService datasets;
    private final TaskExecutor tasks;
    private final Consumer<String> status;
    private final ReadOnlyObjectWrapper<FusionSummary> summary = new ReadOnlyObjectWrapper<>();
    private final ObservableList<ShiftRow> rows = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<VerificationReport> report = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<MismatchHeatMap> heatMap = new ReadOnlyObjectWrapper<>();
    private final ObjectProperty<VerificationData> data = new SimpleObjectProperty<>(VerificationData.MINI);
    private final IntegerProperty limit = new SimpleIntegerProperty(0);
    private final ObservableList<VerificationData> dataChoices =
            FXCollections.observableArrayList(VerificationData.MINI);
    private final ReadOnlyStringWrapper standardHelp = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper busyText = new ReadOnlyStringWrapper("");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(-1);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Path> savedFile = new ReadOnlyObjectWrapper<>();
    private final ObjectBinding<Phase> phase;
    private final BooleanBinding canFuse;
    private final BooleanBinding canVerify;
    private TaskHandle running;

    public BatchShiftViewModel(ModelSession session, FusionService fusion, DatasetService datasets, TaskExecutor tasks,
                               Consumer<String> status) {
        this.session = Objects.requireNonNull(session);
        this.fusion = Objects.requireNonNull(fusion);
        this.datasets = Objects.requireNonNull(datasets);
        this.tasks = Objects.requireNonNull(tasks);
        this.status = Objects.requireNonNull(status);
        this.phase = Bindings.createObjectBinding(() -> session.model() == null ? Phase.NO_MODEL
                : summary.get() == null ? Phase.NOT_FUSED : Phase.FUSED, session.modelProperty(), summary);
        this.canFuse = session.hasModelProperty().and(busy.not());
        this.canVerify = summary.isNotNull().and(busy.not());
        session.modelProperty().addListener((o, a, m) -> modelChanged(m));
        // another view (step-through, activations) may fuse the model first: the table shows that fusion
        session.fusedProperty().addListener((o, a, f) -> {
            if (f != null && summary.get() == null) {
                showSummary(f.summary());
            }
        });
        modelChanged(session.model());
    }

    // ---- state -------------------------------------------------------------------------------------

    public ObjectBinding<Phase> phaseProperty() {
        return phase;
    }

    public ModelSession session() {
        return session;
    }

    /** The fusion's per-layer summary, or null before fusing. */
    public ReadOnlyObjectProperty<FusionSummary> summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** The BatchShift table. */
    public ObservableList<ShiftRow> rows() {
        return rows;
    }

    /** The last verification, or null. */
    public ReadOnlyObjectProperty<VerificationReport> reportProperty() {
        return report.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<MismatchHeatMap> heatMapProperty() {
        return heatMap.getReadOnlyProperty();
    }

    /** The data set the verification runs on. */
    public ObjectProperty<VerificationData> dataProperty() {
        return data;
    }

    /** Verify on the first n test images only (0: all of them). */
    public IntegerProperty limitProperty() {
        return limit;
    }

    /** MINI, and STANDARD when the full data set is installed. */
    public ObservableList<VerificationData> dataChoices() {
        return dataChoices;
    }

    /** Why the full data set cannot be chosen (empty when it can). */
    public ReadOnlyStringProperty standardHelpProperty() {
        return standardHelp.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** What is running ("Fusing...", "Verifying on ..."). */
    public ReadOnlyStringProperty busyTextProperty() {
        return busyText.getReadOnlyProperty();
    }

    /** Progress of the running task, 0..1, or negative while unknown. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** The last failure, shown inline (empty when none). */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** Where the fused model was last saved, or null. */
    public ReadOnlyObjectProperty<Path> savedFileProperty() {
        return savedFile.getReadOnlyProperty();
    }

    public BooleanBinding canFuseProperty() {
        return canFuse;
    }

    /** Verify and save need a fused model and no running task. */
    public BooleanBinding canVerifyProperty() {
        return canVerify;
    }

    /** The prediction agreement and accuracies of the last verification in one sentence. */
    public String agreementText() {
        VerificationReport r = report.get();
        return r == null ? "" : agreementText(r);
    }

    static String agreementText(VerificationReport r) {
        return String.format(Locale.ROOT, "Predictions agree on %,d of %,d images (%.2f%%). Float accuracy %.2f%%, "
                        + "fused accuracy %.2f%%.", r.predictionsAgreeing(), r.examples(), 100 * r.predictionAgreement(),
                100 * r.floatAccuracy(), 100 * r.fusedAccuracy());
    }

    /**
     * The verdict of the last verification in words: equal, equal up to float32 ties, or different, with the counts
     * that decide it (the same sentence {@code bitflow verify} prints).
     */
    public String verdictText() {
        VerificationReport r = report.get();
        return r == null ? "" : r.verdictSentence();
    }

    // ---- actions ------------------------------------------------------------------------------------

    /** Fuses the session's model in the background; the table fills when done. */
    public void fuse() {
        TrainedModel m = session.model();
        if (m == null || busy.get()) {
            return;
        }
        List<FusionProblem> problems = fusion.check(m.definition());
        if (!problems.isEmpty()) {
            error.set("This model cannot be fused exactly: " + String.join("; ",
                    problems.stream().map(FusionProblem::toString).toList()));
            return;
        }
        start("Fusing " + m.definition().name(), BackgroundTask.of("Fusing " + m.definition().name(),
                        monitor -> session.fusedModel(m, monitor))
                .onSuccess(f -> {
                    if (m == session.model()) {
                        showSummary(f.summary());
                        status.accept("Fused " + m.definition().name() + ": " + f.summary().layers().size()
                                + " layer blocks");
                    }
                }), "Fusion");
    }

    /** Verifies the fused network against the float path on the chosen data set, in the background. */
    public void verify() {
        TrainedModel m = session.model();
        if (m == null || summary.get() == null || busy.get()) {
            return;
        }
        VerificationData choice = data.get() == null ? VerificationData.MINI : data.get();
        int n = limit.get();
        String set = choice.label().toLowerCase(Locale.ROOT);
        String what = "Verifying on " + (set.startsWith("the ") ? set : "the " + set);
        start(what, BackgroundTask.of(what,
                        monitor -> fusion.verify(session.fusedModel(m, monitor), choice.location(m), n, monitor))
                .onSuccess(r -> {
                    if (m == session.model()) {
                        report.set(r);
                        heatMap.set(MismatchHeatMap.of(r));
                        status.accept("Verified on " + r.data() + ": " + r.verdictSentence());
                    }
                }), "Verification");
    }

    /** Writes the fused model to {@code file} ({@code .bff} appended when missing), in the background. */
    public void save(Path file) {
        TrainedModel m = session.model();
        if (m == null || summary.get() == null || busy.get()) {
            return;
        }
        Path target = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".bff") ? file
                : file.resolveSibling(file.getFileName() + ".bff");
        start("Saving " + target.getFileName(), BackgroundTask.of("Saving " + target.getFileName(),
                        monitor -> fusion.save(session.fusedModel(m, monitor),
                                SaveGuard.check(target, FileKind.FUSED_MODEL, session.file()), monitor))
                .onSuccess(s -> {
                    savedFile.set(target);
                    if (m == session.model()) {
                        showSummary(s);
                        session.fusionWritten(m);
                    }
                    status.accept(String.format(Locale.ROOT, "Saved the fused model to %s (%,d bytes)", target,
                            s.fileBytes()));
                }), "Saving");
    }

    /** Cancels the running fusion, verification or save. */
    public void cancel() {
        if (running != null) {
            running.cancel();
        }
    }

    private void start(String text, BackgroundTask<?> task, String what) {
        busy.set(true);
        busyText.set(text + "\u2026");
        error.set("");
        task.inStatusLine().onStarted(h -> {
                    running = h;
                    progress.bind(h.progressProperty());
                })
                .onFailure(e -> error.set(what + " failed: "
                        + BackgroundTask.messageOf(e)))
                .onCancelled(() -> status.accept(what + " cancelled"))
                .onFinished(() -> {
                    busy.set(false);
                    busyText.set("");
                    progress.unbind();
                    progress.set(-1);
                    running = null;
                });
        tasks.execute(task);
    }

    private void showSummary(FusionSummary s) {
        summary.set(s);
        rows.setAll(ShiftRow.of(s.layers()));
    }

    private void modelChanged(TrainedModel m) {
        cancel();
        summary.set(null);
        rows.clear();
        report.set(null);
        heatMap.set(null);
        savedFile.set(null);
        error.set("");
        // never replace the list: a combo box bound to it would lose its value
        boolean own = m != null && m.definition().dataset() != null && m.definition().dataset().location() != null;
        if (own && !dataChoices.contains(VerificationData.OWN)) {
            dataChoices.add(0, VerificationData.OWN);
        }
        data.set(own ? VerificationData.OWN : VerificationData.MINI);
        dataChoices.remove(VerificationData.STANDARD);
        if (own) {
            dataChoices.remove(VerificationData.MINI);
        } else {
            dataChoices.remove(VerificationData.OWN);
            if (!dataChoices.contains(VerificationData.MINI)) {
                dataChoices.add(0, VerificationData.MINI);
            }
        }
        standardHelp.set("");
        if (m != null && session.fusedProperty().get() != null) {
            showSummary(session.fusedProperty().get().summary());
        }
        if (m != null && m.definition().dataset() != null && !own) {
            DatasetRef ref = m.definition().dataset();
            tasks.execute(BackgroundTask.of("Looking for the full data set",
                            monitor -> datasets.status(ref.id(), DataLocation.standard()))
                    .onSuccess(st -> {
                        if (m != session.model()) {
                            return;
                        }
                        if (!st.available()) {
                            standardHelp.set(st.help());
                        } else if (!dataChoices.contains(VerificationData.STANDARD)) {
                            dataChoices.add(VerificationData.STANDARD);
                        }
                    })
                    .onFailure(e -> standardHelp.set(String.valueOf(e.getMessage()))));
        }
    }
}
