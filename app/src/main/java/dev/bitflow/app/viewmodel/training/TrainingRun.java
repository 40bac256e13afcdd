package dev.bitflow.app.viewmodel.training;

import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.runs.RunCurves;
import dev.bitflow.engine.api.runs.RunRecord;
import dev.bitflow.engine.api.runs.RunStatus;
import dev.bitflow.engine.api.training.TrainedModel;
import java.util.Locale;
import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * One training run as the workbench shows it: its stored state ({@link RunRecord}: number, name, hidden flag,
 * definition, settings, status, evaluation; replaced by a new snapshot on every change) and its curves as observable
 * lists for the charts (filled live while it trains). A run started in this window is <em>live</em>; a run read from
 * the workspace that is still marked running was interrupted (its workbench stopped before it ended).
 */
public final class TrainingRun {
    private final boolean live;
    private final ReadOnlyObjectWrapper<RunRecord> record = new ReadOnlyObjectWrapper<>();
    private final ObservableList<RunCurves.BatchPoint> batches = FXCollections.observableArrayList();
    private final ObservableList<RunCurves.EpochPoint> epochs = FXCollections.observableArrayList();
    private final BooleanProperty paused = new SimpleBooleanProperty();
    private final ReadOnlyStringWrapper saveProblem = new ReadOnlyStringWrapper("");
    private final StringBinding outcome;
    private TrainedModel unsavedModel;

    /**
     * @param initial its record, with its number
     * @param live    started in this window (false: read from the workspace)
     */
    TrainingRun(RunRecord initial, boolean live) {
        this.live = live;
        this.record.set(Objects.requireNonNull(initial));
        batches.setAll(initial.curves().batches());
        epochs.setAll(initial.curves().epochs());
        this.outcome = Bindings.createStringBinding(() -> outcomeOf(record.get()), record, paused);
    }

    /**
     * Its number ({@link RunRecord#number()}), shown as {@code #number} in the table, legends and messages; the
     * colour and marker of its curves follow from it. Given when the run begins and kept in its folder, so deleting
     * another run or a restart does not change it.
     */
    public int number() {
        return record.get().number();
    }

    /** The stored state (a new snapshot after every change). */
    public ReadOnlyObjectProperty<RunRecord> recordProperty() {
        return record.getReadOnlyProperty();
    }

    public RunRecord record() {
        return record.get();
    }

    void setRecord(RunRecord r) {
        record.set(Objects.requireNonNull(r));
    }

    /** The definition it trained (with the run's hyperparameters and SF switch applied). */
    public NetworkDefinition definition() {
        return record.get().definition();
    }

    public String name() {
        return record.get().name();
    }

    /** {@code #3 name}, as legends show it. */
    public String label() {
        return "#" + number() + " " + name();
    }

    public boolean isLive() {
        return live;
    }

    /** Whether its folder exists in the workspace (a run that could not be kept has none). */
    public boolean isStored() {
        return !record.get().id().isEmpty();
    }

    public boolean isRunning() {
        return live && record.get().status() == RunStatus.RUNNING;
    }

    public ObservableList<RunCurves.BatchPoint> batches() {
        return batches;
    }

    public ObservableList<RunCurves.EpochPoint> epochs() {
        return epochs;
    }

    /** The record with the curves as they are now. */
    RunRecord snapshot() {
        RunRecord r = record.get();
        return r.withProgress(new RunCurves(batches, epochs), r.seconds());
    }

    /** While the run waits between two steps. */
    BooleanProperty pausedProperty() {
        return paused;
    }

    public ReadOnlyBooleanProperty paused() {
        return paused;
    }

    /**
     * "running", "paused", "finished: test accuracy 84.1%", "cancelled", "failed: ...", "interrupted": what the
     * runs table says.
     */
    public StringBinding outcomeProperty() {
        return outcome;
    }

    /** The runs table's status: running, paused, finished, cancelled, failed: why, interrupted. */
    public String statusText() {
        RunRecord r = record.get();
        return switch (r.status()) {
            case RUNNING -> !live ? "interrupted" : paused.get() ? "paused" : "running";
            case FINISHED -> "finished";
            case CANCELLED -> "cancelled";
            case FAILED -> "failed: " + r.message();
        };
    }

    /** Why the run's files could not be written ("" when they were). */
    public ReadOnlyStringProperty saveProblemProperty() {
        return saveProblem.getReadOnlyProperty();
    }

    void setSaveProblem(String text) {
        saveProblem.set(text == null ? "" : text);
    }

    /** The trained model while it is only in memory (its file could not be written), else null. */
    public TrainedModel unsavedModel() {
        return unsavedModel;
    }

    void setUnsavedModel(TrainedModel m) {
        unsavedModel = m;
    }

    /** Whether a trained model exists for it (in its folder, or in memory only). */
    public boolean hasModel() {
        return record.get().hasModel() || unsavedModel != null;
    }

    private String outcomeOf(RunRecord r) {
        return switch (r.status()) {
            case RUNNING -> !live ? "interrupted" : paused.get() ? "paused" : "running";
            case FINISHED -> r.evaluation() == null ? "finished" : String.format(Locale.ROOT,
                    "finished: test accuracy %.1f%% on %,d images", 100 * r.evaluation().accuracy(), r.evaluation().examples());
            case CANCELLED -> "cancelled";
            case FAILED -> "failed: " + r.message();
        };
    }

    @Override
    public String toString() {
        return label() + " \u2014 " + outcome.get();
    }
}
