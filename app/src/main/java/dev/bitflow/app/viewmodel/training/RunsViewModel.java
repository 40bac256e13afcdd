package dev.bitflow.app.viewmodel.training;

import dev.bitflow.app.service.BackgroundTask;
import dev.bitflow.app.service.TaskExecutor;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.fusion.FusedModel;
import dev.bitflow.engine.api.fusion.FusionSummary;
import dev.bitflow.engine.api.runs.RunListing;
import dev.bitflow.engine.api.runs.RunProblem;
import dev.bitflow.engine.api.runs.RunRecord;
import dev.bitflow.engine.api.runs.RunService;
import dev.bitflow.engine.api.runs.RunSettings;
import dev.bitflow.engine.api.runs.RunStatus;
import dev.bitflow.engine.api.runs.RunWorkspace;
import dev.bitflow.engine.api.training.TrainedModel;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The runs of the workspace as the Training view shows them: every run kept in its own folder (read in the
 * background at start, so runs survive restarts), the table's rows (hidden runs left out unless shown), the runs
 * the charts draw (the selected rows, or every row when none is selected), smoothing of the batch curves,
 * rename, hide, delete and the comparison of selected runs. The workspace's files are written on one writer
 * thread, latest state first: a run's {@code run.json} is rewritten after every epoch and every change of name or
 * visibility. When the workspace cannot be used, runs stay in memory and {@link #workspaceProblemProperty()}
 * says why.
 */
public final class RunsViewModel {
    private final RunService service;
    private final Path folder;
    private final TaskExecutor tasks;
    private final Executor writer;
    private final Executor ui;
    private final ObservableList<TrainingRun> runs =
            FXCollections.observableArrayList(r -> new Observable[] {r.recordProperty()});
    private final BooleanProperty showHidden = new SimpleBooleanProperty();
    private final FilteredList<TrainingRun> rows = new FilteredList<>(runs);
    private final ObservableList<TrainingRun> selection = FXCollections.observableArrayList();
    private final ObservableList<TrainingRun> charted = FXCollections.observableArrayList();
    private final DoubleProperty smoothing = new SimpleDoubleProperty(0);
    private final ObservableList<RunProblem> problems = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper workspaceProblem = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper();
    private final Map<TrainingRun, RunRecord> pendingWrites = new ConcurrentHashMap<>();
    private RunWorkspace workspace;
    private int nextNumber = 1;
    private Consumer<String> errorSink = m -> { };
    private Consumer<String> status = m -> { };

    /**
     * @param folder the workspace folder (the user's data folder normally; tests pass a temporary one)
     * @param writer runs the workspace writes one after another ({@code Runnable::run} in tests)
     */
    public RunsViewModel(RunService service, Path folder, TaskExecutor tasks, Executor writer) {
        this.service = Objects.requireNonNull(service);
        this.folder = Objects.requireNonNull(folder);
        this.tasks = Objects.requireNonNull(tasks);
        this.writer = Objects.requireNonNull(writer);
        this.ui = tasks.uiThread();
        rows.predicateProperty().bind(javafx.beans.binding.Bindings.createObjectBinding(
                () -> r -> showHidden.get() || !r.record().hidden(), showHidden));
        selection.addListener((ListChangeListener<TrainingRun>) c -> updateCharted());
        rows.addListener((ListChangeListener<TrainingRun>) c -> updateCharted());
    }

    public void setErrorSink(Consumer<String> sink) {
        this.errorSink = Objects.requireNonNull(sink);
    }

    /** Where short outcomes go (the status bar). */
    public void setStatusSink(Consumer<String> sink) {
        this.status = Objects.requireNonNull(sink);
    }

    /** Reads the workspace in the background; its runs are added before any run started since. */
    public void load() {
        tasks.execute(BackgroundTask.of("Reading the runs", m -> workspace().list())
                .onSuccess(this::adopt)
                .onFailure(e -> workspaceProblem.set("Runs are not kept: " + BackgroundTask.messageOf(e))));
    }

    private void adopt(RunListing listing) {
        // Runs read from disk come first, with the numbers kept in their folders; runs this window started after
        // (the folder of one that began before the workspace was read may be listed before the run knows its id).
        List<TrainingRun> all = new ArrayList<>();
        for (RunRecord r : listing.runs()) {
            if (byId(r.id()) == null && !begunHere(r)) {
                all.add(new TrainingRun(r, false));
            }
        }
        nextNumber = Math.max(nextNumber, listing.highestNumber() + 1);
        all.addAll(runs);
        runs.setAll(all);
        problems.setAll(listing.problems());
        loaded.set(true);
        if (!listing.problems().isEmpty()) {
            status.accept(listing.problems().size() + " run folder(s) in " + folder + " could not be read; "
                    + "the runs table lists them");
        } else if (!listing.numberNotes().isEmpty()) {
            List<RunProblem> notes = listing.numberNotes();
            status.accept("Run numbers put right: " + notes.get(0).message()
                    + (notes.size() > 1 ? " (and " + (notes.size() - 1) + " more)" : ""));
        }
    }

    /** Whether {@code stored} is the folder of a run this window began and has not yet learnt the id of. */
    private boolean begunHere(RunRecord stored) {
        return runs.stream().anyMatch(r -> r.isLive() && !r.isStored()
                && r.record().startedAt().equals(stored.startedAt()) && r.name().equals(stored.name()));
    }

    /** The workspace, opened on first use (on a worker thread). */
    synchronized RunWorkspace workspace() {
        if (workspace == null) {
            workspace = service.open(folder);
        }
        return workspace;
    }

    // ---- state -------------------------------------------------------------------------------------

    public Path folder() {
        return folder;
    }

    /** Every run, hidden ones included, in the order they started (loaded ones first). */
    public ObservableList<TrainingRun> runs() {
        return runs;
    }

    /** The table's rows: every run, less the hidden ones unless {@link #showHiddenProperty()}. */
    public ObservableList<TrainingRun> rows() {
        return rows;
    }

    public BooleanProperty showHiddenProperty() {
        return showHidden;
    }

    /** The rows the user selected (the view keeps it in step with the table's selection). */
    public ObservableList<TrainingRun> selection() {
        return selection;
    }

    /** What the charts draw: the selected rows, or every row when none is selected. */
    public ObservableList<TrainingRun> charted() {
        return charted;
    }

    /** Exponential smoothing of the batch curves, 0 (none) to 0.99, as TensorBoard's slider. */
    public DoubleProperty smoothingProperty() {
        return smoothing;
    }

    /** Run folders that could not be read, with the reason. */
    public ObservableList<RunProblem> problems() {
        return problems;
    }

    /** Why runs are not kept ("" when the workspace works). */
    public ReadOnlyStringProperty workspaceProblemProperty() {
        return workspaceProblem.getReadOnlyProperty();
    }

    /** True once the workspace has been read. */
    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    /** Runs with a trained model, newest first: what the analysis views can show. */
    public List<TrainingRun> runsWithModels() {
        List<TrainingRun> out = new ArrayList<>();
        for (TrainingRun r : runs) {
            if (r.hasModel()) {
                out.add(0, r);
            }
        }
        return out;
    }

    /** The run whose record has this id, or null. */
    public TrainingRun byId(String id) {
        return runs.stream().filter(r -> r.record().id().equals(id) && !id.isEmpty()).findFirst().orElse(null);
    }

    private void updateCharted() {
        List<TrainingRun> chosen = selection.stream().filter(rows::contains).toList();
        List<TrainingRun> next = new ArrayList<>(chosen.isEmpty() ? rows : chosen);
        if (!next.equals(charted)) {
            charted.setAll(next);
        }
    }

    // ---- runs of this window ---------------------------------------------------------------------

    /** Adds a run that is about to train (its folder is made by {@link #store} on the worker). */
    TrainingRun begin(String name, NetworkDefinition definition, RunSettings settings, Instant startedAt) {
        RunRecord provisional = new RunRecord("", nextNumber++, name, false, definition, settings, RunStatus.RUNNING,
                "", startedAt, 0, null, null, false, false);
        TrainingRun run = new TrainingRun(provisional, true);
        runs.add(run);
        return run;
    }

    /**
     * Creates the run's folder (call on the worker). Returns null, and says why on the run, when the workspace
     * cannot be used: the run then trains in memory only.
     */
    RunRecord store(TrainingRun run, RunRecord provisional) {
        try {
            return workspace().create(provisional.name(), provisional.definition(), provisional.settings(),
                    provisional.startedAt(), provisional.number());
        } catch (RuntimeException e) {
            String why = BackgroundTask.messageOf(e);
            ui.execute(() -> {
                run.setSaveProblem("not kept: " + why);
                workspaceProblem.set("Runs are not kept: " + why);
            });
            return null;
        }
    }

    /**
     * On the UI thread: the run's folder exists now; its record takes the folder's id and number (the number it
     * began with, unless another window on the same workspace gave that number first).
     */
    void stored(TrainingRun run, RunRecord created) {
        RunRecord now = run.record();
        nextNumber = Math.max(nextNumber, created.number() + 1);
        run.setRecord(new RunRecord(created.id(), created.number(), now.name(), now.hidden(), now.definition(),
                created.settings(), now.status(), now.message(), now.startedAt(), now.seconds(), now.curves(),
                now.evaluation(), created.hasModel(), created.hasFusedModel()));
        persist(run);
    }

    /** Writes the trained model into the run's folder (call on the worker); keeps it in memory when that fails. */
    void storeModel(TrainingRun run, RunRecord stored, TrainedModel model) {
        if (stored == null) {
            ui.execute(() -> run.setUnsavedModel(model));
            return;
        }
        try {
            RunRecord withModel = workspace().saveModel(stored, model);
            ui.execute(() -> run.setRecord(run.record().withFiles(withModel.hasModel(), withModel.hasFusedModel())));
        } catch (RuntimeException e) {
            String why = BackgroundTask.messageOf(e);
            ui.execute(() -> {
                run.setUnsavedModel(model);
                run.setSaveProblem("model not saved: " + why);
            });
        }
    }

    /** Writes the run's current state ({@code run.json}) on the writer thread; later states replace queued ones. */
    void persist(TrainingRun run) {
        if (!run.isStored()) {
            return;
        }
        pendingWrites.put(run, run.snapshot());
        writer.execute(() -> {
            RunRecord latest = pendingWrites.remove(run);
            if (latest == null) {
                return;
            }
            try {
                workspace().save(latest);
                ui.execute(() -> {
                    if (run.saveProblemProperty().get().startsWith("not saved")) {
                        run.setSaveProblem("");
                    }
                });
            } catch (RuntimeException e) {
                String why = BackgroundTask.messageOf(e);
                ui.execute(() -> {
                    run.setSaveProblem("not saved: " + why);
                    status.accept("Run #" + run.number() + " not saved: " + why);
                });
            }
        });
    }

    // ---- what the user does with runs -----------------------------------------------------------

    /**
     * Renames a run.
     *
     * @return null when done, otherwise why not
     */
    public String rename(TrainingRun run, String name) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty()) {
            return "A run needs a name.";
        }
        if (n.length() > 120) {
            return "A run name has at most 120 characters.";
        }
        if (!n.equals(run.name())) {
            run.setRecord(run.record().withName(n));
            persist(run);
        }
        return null;
    }

    /** Hides a run from the table (and the charts), or shows it again. */
    public void setHidden(TrainingRun run, boolean hidden) {
        if (run.record().hidden() != hidden) {
            run.setRecord(run.record().withHidden(hidden));
            selection.remove(run);
            persist(run);
        }
    }

    /** Whether {@link #delete} would refuse: a run still training. */
    public boolean canDelete(TrainingRun run) {
        return !run.isRunning();
    }

    /** Deletes the run and its folder (models included); a running run is refused. The view asks first. */
    public void delete(TrainingRun run) {
        if (!canDelete(run)) {
            errorSink.accept("Run #" + run.number() + " is still training: cancel it first.");
            return;
        }
        int at = runs.indexOf(run);
        runs.remove(run);
        selection.remove(run);
        if (!run.isStored()) {
            return;
        }
        RunRecord r = run.record();
        writer.execute(() -> {
            pendingWrites.remove(run);
            try {
                workspace().delete(r);
                ui.execute(() -> status.accept("Deleted run #" + run.number() + " " + r.name()));
            } catch (RuntimeException e) {
                String why = BackgroundTask.messageOf(e);
                ui.execute(() -> {
                    runs.add(Math.min(at, runs.size()), run);
                    errorSink.accept("Cannot delete run " + r.name() + ": " + why);
                });
            }
        });
    }

    /** Loads a run's trained model in the background. */
    public BackgroundTask<TrainedModel> loadModel(TrainingRun run) {
        RunRecord r = run.record();
        TrainedModel inMemory = run.unsavedModel();
        return BackgroundTask.of("Loading the model of run #" + run.number(),
                m -> inMemory != null ? inMemory : workspace().loadModel(r)).inStatusLine();
    }

    /** Fuses the run's model into its folder (call on a worker); the record then says it has a fused model. */
    public FusionSummary storeFused(TrainingRun run, FusedModel model, TaskMonitor monitor) {
        RunRecord r = run.record();
        FusionSummary s = workspace().saveFusedModel(r, model, monitor);
        ui.execute(() -> run.setRecord(run.record().withFiles(run.record().hasModel(), true)));
        return s;
    }

    /** What closing the window now would lose: runs still training, models only in memory. */
    public List<String> unsavedWork() {
        List<String> out = new ArrayList<>();
        for (TrainingRun r : runs) {
            if (r.isRunning()) {
                out.add("Run #" + r.number() + " (" + r.name() + ") is still training; closing stops it.");
            } else if (r.unsavedModel() != null) {
                out.add("The trained model of run #" + r.number() + " (" + r.name() + ") is not saved ("
                        + r.saveProblemProperty().get() + "); save it from the Training view.");
            }
        }
        return out;
    }

    /** The comparison of {@code chosen} runs, row by row; see {@link RunComparison}. */
    public RunComparison compare(List<TrainingRun> chosen) {
        return RunComparison.of(chosen);
    }
}
