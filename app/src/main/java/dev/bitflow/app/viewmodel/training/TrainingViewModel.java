package dev.bitflow.app.viewmodel.training;

import dev.bitflow.app.service.BackgroundTask;
import dev.bitflow.app.service.PauseGate;
import dev.bitflow.app.service.SaveGuard;
import dev.bitflow.app.service.TaskExecutor;
import dev.bitflow.app.service.TaskHandle;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.data.DatasetService;
import dev.bitflow.engine.api.definition.DatasetRef;
import dev.bitflow.engine.api.definition.Normalization;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DefinitionService;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.DesignIssue;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.ScalingFactor;
import dev.bitflow.engine.api.definition.Severity;
import dev.bitflow.engine.api.definition.TrainingSpec;
import dev.bitflow.engine.api.io.FileKind;
import dev.bitflow.engine.api.runs.RunCurves;
import dev.bitflow.engine.api.runs.RunRecord;
import dev.bitflow.engine.api.runs.RunSettings;
import dev.bitflow.engine.api.runs.RunStatus;
import dev.bitflow.engine.api.training.BatchEvent;
import dev.bitflow.engine.api.training.EpochEvent;
import dev.bitflow.engine.api.training.EvaluationResult;
import dev.bitflow.engine.api.training.TrainedModel;
import dev.bitflow.engine.api.training.TrainingListener;
import dev.bitflow.engine.api.training.TrainingRequest;
import dev.bitflow.engine.api.training.TrainingService;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The training view's state: the data ({@link DataChoice}: any plugin's data set, a task on it, a location),
 * hyperparameters that override the definition's training section for this run, the scaling-factor switch (SF off sets every binary layer's scaling to NONE, for an
 * SF on / SF off overlay), start / pause / cancel, progress with ETA, and the runs with their live metrics.
 * Training runs through the {@link TaskExecutor}; the engine's listener events arrive on the training
 * thread and are handed to the UI thread here. Pausing blocks the training thread between steps
 * ({@link PauseGate}). After training the model is evaluated on the test split of the same location.
 */
public final class TrainingViewModel {
    private final TrainingService training;
    private final DefinitionService definitions;
    private final TaskExecutor tasks;
    private final Executor ui;
    private final ObjectProperty<NetworkDefinition> definition = new SimpleObjectProperty<>();
    private final ObservableList<DataChoice> dataChoices = FXCollections.observableArrayList();
    private final ObjectProperty<DataChoice> data = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper dataProblem = new ReadOnlyStringWrapper("Looking for data sets...");
    private final ReadOnlyStringWrapper startProblem = new ReadOnlyStringWrapper("Looking for data sets...");
    private final IntegerProperty epochs = new SimpleIntegerProperty(1);
    private final IntegerProperty batchSize = new SimpleIntegerProperty(100);
    private final DoubleProperty learningRate = new SimpleDoubleProperty(0.003);
    private final IntegerProperty seed = new SimpleIntegerProperty(42);
    private final BooleanProperty scalingFactor = new SimpleBooleanProperty(true);
    private final IntegerProperty maxTrainExamples = new SimpleIntegerProperty(0);
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper paused = new ReadOnlyBooleanWrapper();
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper eta = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Not started");
    private final RunsViewModel runs;
    private final ObservableList<LayerRate> layerRates = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<TrainedModel> model = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<EvaluationResult> evaluation = new ReadOnlyObjectWrapper<>();
    private final ObservableList<FolderKind> folderKinds = FXCollections.observableArrayList(
            new FolderKind(DataChoice.DETECT, "Detect the kind"));
    private final ObjectProperty<FolderKind> folderKind = new SimpleObjectProperty<>(folderKinds.get(0));
    private final DataPickerViewModel picker;
    private final ReadOnlyObjectWrapper<TrainingRun> finishedRun = new ReadOnlyObjectWrapper<>();
    private PauseGate gate;
    private TaskHandle handle;
    private TrainingRun current;
    private Consumer<String> errorSink = m -> { };

    public TrainingViewModel(TrainingService training, DefinitionService definitions, DatasetService datasets,
                             RunsViewModel runs, TaskExecutor tasks) {
        this.training = training;
        this.runs = runs;
        this.definitions = definitions;
        this.tasks = tasks;
        this.ui = tasks.uiThread();
        this.picker = new DataPickerViewModel(datasets, training, tasks);
        picker.summaryProperty().addListener((o, a, b) -> updateDataProblem());
        picker.errorProperty().addListener((o, a, b) -> updateDataProblem());
        picker.busyProperty().addListener((o, a, b) -> updateDataProblem());
        for (javafx.beans.Observable changes : List.of(data, seed, batchSize, maxTrainExamples)) {
            changes.addListener(o -> lookAtData());
        }
        folderKind.addListener((o, a, kind) -> {
            DataChoice current = data.get();
            if (kind != null && current != null && current.isFolder()
                    && !java.util.Objects.equals(current.datasetId(), kind.id())) {
                chooseFolder(current.location().directory(), kind.id());
            }
        });
        definition.addListener((o, a, d) -> {
            if (d != null && d.training() != null && !running.get()) {
                batchSize.set(d.training().batchSize());
                learningRate.set(d.training().learningRate());
                seed.set((int) d.training().seed());
            }
            selectDataFor(d);
            updateDataProblem();
            lookAtData();
        });
        data.addListener((o, a, b) -> updateDataProblem());
        // Start the numeric backend now, in the background: its first initialisation (native libraries, thread
        // pools) at the first Start would compete with the window for the CPU just as the charts begin to move.
        tasks.execute(BackgroundTask.of("Preparing the training engine", monitor -> {
            training.setComputeThreads(guiComputeThreads());
            return null;
        }));
        tasks.execute(BackgroundTask.of("Looking for data sets", monitor -> datasets.available())
                .onSuccess(infos -> {
                    List<DataChoice> list = DataChoice.of(infos);
                    infos.forEach(i -> folderKinds.add(new FolderKind(i.id(), i.name() + " (" + i.id() + ")")));
                    dataChoices.addAll(0, list);
                    selectDataFor(definition.get());
                    updateDataProblem();
                })
                .onFailure(e -> dataProblem.set("Cannot list the data sets: " + e.getMessage())));
    }

    /**
     * Picks the choice for the definition's own data set and classes, at the location of the current choice
     * when that is available there, else the embedded mini set.
     */
    private void selectDataFor(NetworkDefinition d) {
        if (d == null || dataChoices.isEmpty()) {
            return;
        }
        DataChoice current = data.get();
        if (current != null && (current.matches(d.dataset()) || current.isFolder())) {
            return; // a folder the user chose stays chosen while the definition is edited
        }
        DataLocation own = d.dataset() == null ? null : d.dataset().location();
        if (own != null && own.kind() == DataLocation.Kind.DIRECTORY) {
            chooseFolder(own.directory(), own.format()); // a trained model's definition names its folder
            return;
        }
        DataLocation.Kind wanted = current != null && current.available() ? current.location().kind()
                : DataLocation.Kind.EMBEDDED_MINI;
        DataChoice pick = null;
        for (DataChoice c : dataChoices) {
            if (c.matches(d.dataset()) && c.available()
                    && (pick == null || c.location().kind() == wanted)) {
                pick = c;
            }
        }
        if (pick != null) {
            data.set(pick);
        } else if (current == null) {
            dataChoices.stream().filter(DataChoice::available).findFirst().ifPresent(data::set);
        }
    }

    private void updateDataProblem() {
        DataChoice choice = data.get();
        String problem = problemWith(choice, definition.get());
        if (problem.isEmpty() && choice != null && !picker.errorProperty().get().isEmpty()) {
            problem = picker.errorProperty().get();
        } else if (problem.isEmpty() && choice != null && choice.isFolder()) {
            var s = picker.summaryProperty().get();
            if (s == null) {
                problem = picker.busyProperty().get() ? "Reading " + choice.location().directory() + "\u2026"
                        : "Choose a folder of labelled images or of a data set's files.";
            } else {
                problem = classCountProblem(definition.get(), s.name() + " (" + s.location() + ")",
                        s.classNames().size());
            }
        }
        if (problem.isEmpty() && picker.summaryProperty().get() != null) {
            problem = sizeProblem(definition.get(), picker.summaryProperty().get());
        }
        dataProblem.set(problem);
        startProblem.set(dataProblem.get().isEmpty() ? designErrors(definition.get()) : dataProblem.get());
    }

    /** Looks at the chosen data (summary, preview grid, first batch) for the current run settings. */
    private void lookAtData() {
        DataChoice choice = data.get();
        NetworkDefinition d = definition.get();
        if (choice == null || d == null || !choice.available() || d.training() == null) {
            picker.forget();
            return;
        }
        try {
            picker.show(new TrainingRequest(runDefinition(), choice.location(), null, null, 100,
                    maxTrainExamples.get()));
        } catch (RuntimeException e) {
            picker.forget();
        }
    }

    /** How a folder is read: by the data-set plugin {@code id}, or detected when the id is null. */
    public record FolderKind(String id, String label) {
        @Override
        public String toString() {
            return label;
        }
    }

    /** The kinds a chosen folder can be read as: detected first, then every data-set plugin. */
    public ObservableList<FolderKind> folderKinds() {
        return folderKinds;
    }

    /** How the chosen folder is read; changing it reads the folder again as that kind. */
    public ObjectProperty<FolderKind> folderKindProperty() {
        return folderKind;
    }

    /** The look at the chosen data: summary, class counts, preview grid and first batch. */
    public DataPickerViewModel dataPicker() {
        return picker;
    }

    /**
     * Chooses a folder (added to the choices, or the entry for it chosen again), read as {@code kind} (a data-set
     * plugin id such as images, idx, cifar10, hands) or, when null, as the engine detects.
     */
    public void chooseFolder(java.nio.file.Path dir, String kind) {
        DataChoice folder = DataChoice.folder(dir.toAbsolutePath().normalize(), kind);
        dataChoices.removeIf(c -> c.isFolder() && c.location().directory().equals(folder.location().directory())
                && c != data.get());
        DataChoice current = data.get();
        if (current != null && current.isFolder() && current.location().directory().equals(folder.location().directory())) {
            int i = dataChoices.indexOf(current);
            data.set(null);
            dataChoices.set(i, folder);
        } else {
            dataChoices.add(folder);
        }
        picker.forget(); // read the folder again: its files may have changed
        data.set(folder);
        folderKinds.stream().filter(k -> java.util.Objects.equals(k.id(), kind)).findFirst().ifPresent(folderKind::set);
    }

    /** The design check's errors (wrong shapes, a kernel larger than its input), or "" when there are none. */
    private String designErrors(NetworkDefinition d) {
        if (d == null) {
            return "There is no definition to train.";
        }
        List<DesignIssue> errors;
        try {
            errors = definitions.check(d).issues().stream().filter(i -> i.severity() == Severity.ERROR).toList();
        } catch (RuntimeException e) {
            return d.name() + " cannot be checked: " + e.getMessage();
        }
        if (errors.isEmpty()) {
            return "";
        }
        DesignIssue first = errors.get(0);
        return d.name() + " has " + (errors.size() == 1 ? "an error" : errors.size() + " errors") + " to fix in the "
                + "Architecture view first: " + first.message() + (errors.size() > 1 ? " (and " + (errors.size() - 1)
                + " more)" : "");
    }

    /** Why {@code choice} cannot train {@code d}, or "" when it can. */
    static String problemWith(DataChoice choice, NetworkDefinition d) {
        if (choice == null) {
            return "Choose a data set.";
        }
        if (!choice.available()) {
            return choice.description();
        }
        if (choice.isFolder()) {
            return ""; // its classes are known once it is read
        }
        return classCountProblem(d, choice.datasetName() + " (" + choice.task() + ")", choice.classCount());
    }

    /** Why {@code d}'s input does not take the examples {@code s} describes, or "" when it does. */
    static String sizeProblem(NetworkDefinition d, dev.bitflow.engine.api.data.DataSummary s) {
        if (d == null) {
            return "";
        }
        var in = d.input();
        var ex = s.example();
        if (in.channels() == ex.channels() && in.height() == ex.height() && in.width() == ex.width()) {
            return "";
        }
        String own = d.dataset() == null || d.dataset().id().equals(s.id()) ? ""
                : " (its data set " + d.dataset().id() + " may have to be chosen as a folder: press Folder\u2026)";
        return String.format(Locale.ROOT, "%s takes %s inputs but %s (%s) has %s examples: choose data of that size%s;"
                + " images in folders are resized to the input.", d.name(), in, s.name(), s.location(), ex, own);
    }

    /** Why {@code d} cannot be trained on data of {@code classes} classes, or "" when its output width fits. */
    static String classCountProblem(NetworkDefinition d, String data, int classes) {
        if (d == null) {
            return "";
        }
        DenseSpec last = null;
        for (LayerSpec l : d.layers()) {
            if (l instanceof DenseSpec x) {
                last = x;
            }
        }
        if (last != null && last.units() != classes) {
            return String.format(Locale.ROOT, "%s ends in %d outputs (%s), but %s has %d classes: choose data "
                            + "with %d classes, or set %s's units to %d in the editor.", d.name(), last.units(),
                    last.name(), data, classes, last.units(), last.name(), classes);
        }
        return "";
    }

    public void setErrorSink(Consumer<String> sink) {
        this.errorSink = Objects.requireNonNull(sink);
    }

    public ObjectProperty<NetworkDefinition> definitionProperty() {
        return definition;
    }

    /** The data set, task and location to train on. */
    public ObjectProperty<DataChoice> dataProperty() {
        return data;
    }

    /** Every data set the plugins offer, with each task and location; filled in the background. */
    public ObservableList<DataChoice> dataChoices() {
        return dataChoices;
    }

    /** Why the chosen data cannot train the definition ("" when it can): missing files, class count. */
    public ReadOnlyStringProperty dataProblemProperty() {
        return dataProblem.getReadOnlyProperty();
    }

    /**
     * Why Start is disabled ("" when a run can start): the data problem, or the definition's design errors
     * (shapes that do not fit), which the engine would otherwise only find after the run started.
     */
    public ReadOnlyStringProperty startProblemProperty() {
        return startProblem.getReadOnlyProperty();
    }

    public IntegerProperty epochsProperty() {
        return epochs;
    }

    public IntegerProperty batchSizeProperty() {
        return batchSize;
    }

    public DoubleProperty learningRateProperty() {
        return learningRate;
    }

    public IntegerProperty seedProperty() {
        return seed;
    }

    /** Train with the definition's scaling factors (true) or with SF removed from every binary layer. */
    public BooleanProperty scalingFactorProperty() {
        return scalingFactor;
    }

    /** Use only the first n training examples (0: all), for quick looks. */
    public IntegerProperty maxTrainExamplesProperty() {
        return maxTrainExamples;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty pausedProperty() {
        return paused.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty etaProperty() {
        return eta.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Every run of the workspace and of this window (the runs table's source). */
    public ObservableList<TrainingRun> runs() {
        return runs.runs();
    }

    /** The runs workspace: table rows, chart selection, rename, hide, delete, compare. */
    public RunsViewModel runsWorkspace() {
        return runs;
    }

    /** The run training now, or null. */
    public TrainingRun currentRun() {
        return current;
    }

    public ObservableList<LayerRate> layerRates() {
        return layerRates;
    }

    /** The model of the last finished run. */
    public ReadOnlyObjectProperty<TrainedModel> modelProperty() {
        return model.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<EvaluationResult> evaluationProperty() {
        return evaluation.getReadOnlyProperty();
    }

    /** The run that finished last (set when its model and evaluation are there). */
    public ReadOnlyObjectProperty<TrainingRun> finishedRunProperty() {
        return finishedRun.getReadOnlyProperty();
    }

    /** The definition this run trains: the current one with this view's hyperparameters and SF switch. */
    public NetworkDefinition runDefinition() {
        NetworkDefinition d = Objects.requireNonNull(definition.get(), "no definition");
        TrainingSpec t = d.training();
        NetworkDefinition out = d.withTraining(t.withOverrides(learningRate.get(), epochs.get(), batchSize.get(),
                (long) seed.get(), null));
        DataChoice choice = data.get();
        if (choice != null) {
            out = out.withDataset(choice.applyTo(d.dataset() != null ? d.dataset()
                    : new DatasetRef(choice.datasetId(), List.of(), Normalization.MINUS_ONE_TO_ONE)));
        }
        if (!scalingFactor.get()) {
            out = out.withBinaryScaling(ScalingFactor.NONE);
        }
        return out;
    }

    /** Starts a run (ignored while one is running). */
    public void start() {
        if (running.get() || definition.get() == null) {
            return;
        }
        if (!startProblem.get().isEmpty()) {
            errorSink.accept("Cannot train: " + startProblem.get());
            return;
        }
        NetworkDefinition def;
        try {
            def = runDefinition();
        } catch (RuntimeException e) {
            errorSink.accept("Cannot train: " + e.getMessage());
            return;
        }
        DataChoice choice = data.get();
        DataLocation location = choice.location();
        TrainingRequest request = new TrainingRequest(def, location, null, null, 100, maxTrainExamples.get());
        boolean sf = scalingFactor.get();
        int cap = maxTrainExamples.get();
        Instant startedAt = Instant.now();
        TrainingRun run = runs.begin(runName(def, sf, choice), def, new RunSettings(choice.label(), location, sf, cap, 0),
                startedAt);
        current = run;
        PauseGate thisGate = new PauseGate();
        gate = thisGate;
        running.set(true);
        paused.set(false);
        progress.set(0);
        eta.set("");
        layerRates.clear();
        status.set("Preparing " + choice.label() + "...");
        long started = System.nanoTime();
        tasks.execute(BackgroundTask.of("Training " + def.name(), monitor -> {
                    // The run's folder first, so even a run that fails or is killed is kept with its settings.
                    RunSettings settings = new RunSettings(choice.label(), location, sf, cap,
                            training.trainingExamples(request));
                    RunRecord stored = runs.store(run, run.record().withSettings(settings));
                    if (stored != null) {
                        ui.execute(() -> runs.stored(run, stored));
                    } else {
                        ui.execute(() -> run.setRecord(run.record().withSettings(settings)));
                    }
                    TrainingListener listener = new TrainingListener() {
                        @Override
                        public void onBatch(BatchEvent e) {
                            ui.execute(() -> onBatchEvent(run, e, started));
                            thisGate.passOrWait(monitor);
                        }

                        @Override
                        public void onEpoch(EpochEvent e) {
                            ui.execute(() -> onEpochEvent(run, e, started));
                            thisGate.passOrWait(monitor);
                        }
                    };
                    // Leave one core to the JavaFX thread: with every core busy in the numeric backend the
                    // scheduler, not our code, makes the window stutter.
                    training.setComputeThreads(guiComputeThreads());
                    TrainedModel trained = training.train(request, listener, monitor);
                    monitor.progress(-1, "Evaluating on the test split...");
                    // the model's own data: the location training resolved (a folder's detected kind included)
                    EvaluationResult result = training.evaluate(trained, null, monitor);
                    monitor.progress(-1, "Keeping the model in the run's folder...");
                    runs.storeModel(run, stored, trained);
                    return new Finished(trained, result);
                })
                .inStatusLine()
                .onStarted(h -> handle = h)
                .onSuccess(f -> {
                    model.set(f.model());
                    evaluation.set(f.evaluation());
                    end(run, RunStatus.FINISHED, "", started, f.evaluation());
                    status.set("Run #" + run.number() + " " + run.outcomeProperty().get());
                    progress.set(1);
                    finishedRun.set(run);
                })
                .onCancelled(() -> {
                    end(run, RunStatus.CANCELLED, "", started, null);
                    status.set("Run #" + run.number() + " cancelled");
                })
                .onFailure(e -> {
                    String text = BackgroundTask.messageOf(e);
                    end(run, RunStatus.FAILED, text, started, null);
                    status.set("Run #" + run.number() + " failed");
                    errorSink.accept("Training failed: " + text);
                })
                .onFinished(() -> {
                    running.set(false);
                    paused.set(false);
                    run.pausedProperty().set(false);
                    eta.set("");
                    handle = null;
                    current = null;
                }));
    }

    /** A short name for a new run (the user can rename it; the table has the data and the other settings). */
    private String runName(NetworkDefinition def, boolean sf, DataChoice choice) {
        return def.name() + " \u00b7 SF " + (sf ? "on" : "off") + " \u00b7 " + epochs.get() + " ep"
                + (choice.classes().isEmpty() ? "" : " \u00b7 " + choice.task());
    }

    private void end(TrainingRun run, RunStatus how, String message, long startedNanos, EvaluationResult result) {
        run.setRecord(run.snapshot().ended(how, message, (System.nanoTime() - startedNanos) / 1e9, result));
        runs.persist(run);
    }

    /** Training in the GUI leaves one core to the JavaFX thread (decision 0095). */
    /**
     * Runs the view's chart warm-up on a background thread (it draws into a canvas in no scene, which JavaFX
     * allows off its thread), so that it costs the window nothing.
     */
    public void prepareChartsInBackground(Runnable warmUp) {
        tasks.execute(BackgroundTask.of("Preparing the charts", monitor -> {
            warmUp.run();
            return null;
        }));
    }

    private static int guiComputeThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    }

    private record Finished(TrainedModel model, EvaluationResult evaluation) {
    }

    /** Pauses a running run between two steps, or resumes it. */
    public void togglePause() {
        if (!running.get() || gate == null) {
            return;
        }
        if (gate.isPaused()) {
            gate.resume();
            paused.set(false);
            if (current != null) {
                current.pausedProperty().set(false);
            }
            status.set("Resumed");
        } else {
            gate.pause();
            paused.set(true);
            if (current != null) {
                current.pausedProperty().set(true);
            }
            status.set("Paused (the run waits between two steps)");
        }
    }

    public void cancel() {
        if (handle != null) {
            handle.cancel();
            if (gate != null) {
                gate.resume();
            }
            status.set("Cancelling...");
        }
    }

    void onBatchEvent(TrainingRun run, BatchEvent e, long startedNanos) {
        double epochPos = e.epoch() + (e.batch() + 1.0) / e.batchesPerEpoch();
        run.batches().add(new RunCurves.BatchPoint(epochPos, e.loss(), e.accuracy()));
        double done = e.totalSteps() == 0 ? 0 : (e.step() + 1.0) / e.totalSteps();
        progress.set(Math.min(1, done));
        double elapsed = (System.nanoTime() - startedNanos) / 1e9;
        eta.set(done <= 0 ? "" : "ETA " + duration(elapsed * (1 - done) / done));
        status.set(String.format(Locale.ROOT, "Epoch %d, batch %d / %d: loss %.3f, accuracy %.1f%%",
                e.epoch() + 1, e.batch() + 1, e.batchesPerEpoch(), e.loss(), 100 * e.accuracy()));
        updateRates(e.plusOneRates(), e.signFlipRates());
    }

    void onEpochEvent(TrainingRun run, EpochEvent e, long startedNanos) {
        run.epochs().add(new RunCurves.EpochPoint(e.epoch() + 1, e.trainLoss(), e.trainAccuracy(),
                e.validationLoss(), e.validationAccuracy()));
        // Kept after every epoch: a run whose workbench is killed keeps its curves up to there.
        RunRecord now = run.snapshot();
        run.setRecord(now.withProgress(now.curves(), (System.nanoTime() - startedNanos) / 1e9));
        runs.persist(run);
        status.set(String.format(Locale.ROOT, "Epoch %d / %d done: validation accuracy %.1f%% (%.1f s)",
                e.epoch() + 1, e.epochs(), 100 * e.validationAccuracy(), e.seconds()));
        updateRates(e.plusOneRates(), e.signFlipRates());
    }

    private void updateRates(Map<String, Double> plusOne, Map<String, Double> flips) {
        NetworkDefinition d = definition.get();
        List<String> order = new ArrayList<>();
        if (d != null) {
            d.layers().forEach(l -> order.add(l.name()));
        }
        TreeSet<String> names = new TreeSet<>((a, b) -> Integer.compare(rank(order, a), rank(order, b)) != 0
                ? Integer.compare(rank(order, a), rank(order, b)) : a.compareTo(b));
        names.addAll(plusOne.keySet());
        names.addAll(flips.keySet());
        Map<String, LayerRate> rows = new LinkedHashMap<>();
        for (String n : names) {
            rows.put(n, new LayerRate(n, plusOne.getOrDefault(n, Double.NaN), flips.getOrDefault(n, Double.NaN)));
        }
        layerRates.setAll(rows.values());
    }

    private static int rank(List<String> order, String name) {
        int i = order.indexOf(name);
        return i < 0 ? Integer.MAX_VALUE : i;
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s < 60 ? s + " s" : s < 3600 ? (s / 60) + " min " + (s % 60) + " s" : (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }

    /** Saves the last trained model through the engine (in the background). */
    public void saveModel(Path file) {
        TrainedModel m = model.get();
        if (m == null) {
            return;
        }
        tasks.execute(BackgroundTask.of("Saving " + file.getFileName(), mon -> {
                    SaveGuard.check(file, FileKind.TRAINED_MODEL);
                    training.save(m, file);
                    return file;
                })
                .inStatusLine()
                .onSuccess(p -> status.set("Saved model to " + p))
                .onFailure(e -> errorSink.accept("Cannot save " + file + ": " + BackgroundTask.messageOf(e))));
    }
}
