package dev.bitflow.app;

import dev.bitflow.app.service.AppPreferences;
import dev.bitflow.app.service.AutosaveStore;
import dev.bitflow.app.service.EngineDefinitionGateway;
import dev.bitflow.app.service.TaskExecutor;
import dev.bitflow.app.viewmodel.MainViewModel;
import dev.bitflow.app.viewmodel.ModelSession;
import dev.bitflow.app.viewmodel.accuracy.AccuracyViewModel;
import dev.bitflow.app.viewmodel.transfer.ModelTransferViewModel;
import dev.bitflow.app.viewmodel.PresentationViewModel;
import dev.bitflow.app.viewmodel.report.ReportViewModel;
import dev.bitflow.app.viewmodel.batchshift.BatchShiftViewModel;
import dev.bitflow.app.viewmodel.stepthrough.StepThroughViewModel;
import dev.bitflow.app.viewmodel.editor.EditorViewModel;
import dev.bitflow.app.viewmodel.editor.NetworkGraphViewModel;
import dev.bitflow.app.viewmodel.inspector.ActivationsViewModel;
import dev.bitflow.app.viewmodel.inspector.InspectorViewModel;
import dev.bitflow.app.viewmodel.sf.SfReportViewModel;
import dev.bitflow.app.viewmodel.training.RunsViewModel;
import dev.bitflow.app.viewmodel.training.TrainingViewModel;
import dev.bitflow.engine.api.BuildInfo;
import dev.bitflow.engine.api.Engine;
import dev.bitflow.engine.api.EngineProvider;
import dev.bitflow.engine.api.io.AtomicFiles;
import dev.bitflow.plugins.host.PluginHost;
import dev.bitflow.app.export.ExportFiles;
import dev.bitflow.app.report.ModelReportBuilder;
import dev.bitflow.app.report.ReportWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * The workbench's composition root: creates the engine (through {@link EngineProvider} with the plugins
 * found on the classpath), the task executor, the settings, the autosave and the ViewModels, and passes
 * them by constructor. One per window; nothing here is static.
 */
public final class AppContext implements AutoCloseable {
    private final Engine engine;
    private final TaskExecutor tasks;
    private final AppPreferences preferences;
    private final EngineDefinitionGateway definitions;
    private final ScheduledExecutorService autosaveThread;
    private final java.util.concurrent.ExecutorService runsWriter;
    /** How long {@link #close()} waits for the runs' queued writes. */
    private static final int RUNS_WRITER_GRACE_SECONDS = 10;
    private final RunsViewModel runs;
    private final AutosaveStore autosave;
    private final MainViewModel main;
    private final EditorViewModel editor;
    private final InspectorViewModel inspector;
    private final ActivationsViewModel activations;
    private final TrainingViewModel training;
    private final ModelSession session;
    private final ModelTransferViewModel transfer;
    private final BatchShiftViewModel batchShift;
    private final SfReportViewModel sfReport;
    private final StepThroughViewModel stepThrough;
    private final AccuracyViewModel accuracy;
    private final PresentationViewModel presentation = new PresentationViewModel();
    private final ExportFiles exportFiles;
    private final ReportViewModel report;
    private final NetworkGraphViewModel graph;

    /**
     * A context whose runs workspace is the folder {@code runs} inside the settings folder (tests, screenshots).
     */
    public AppContext(Path settings, TaskExecutor tasks) {
        this(settings, settings.resolve("runs"), tasks);
    }

    /**
     * @param settings  folder for settings and autosave ({@link AppPreferences#defaultDirectory()} normally;
     *                  tests and screenshot runs pass a temporary one)
     * @param workspace the runs workspace folder; null: the user's ({@code RunService.defaultFolder()})
     * @param tasks     how long work runs ({@code FxTaskExecutor} in the window)
     */
    public AppContext(Path settings, Path workspace, TaskExecutor tasks) {
        this.engine = EngineProvider.load().create(PluginHost.discover(AppContext.class.getClassLoader()));
        this.tasks = tasks;
        this.preferences = new AppPreferences(settings);
        // what a killed write of an earlier session left in the workbench's own folders
        AtomicFiles.removeStaleTemporaries(settings);
        AtomicFiles.removeStaleTemporaries(preferences.autosaveDirectory());
        this.definitions = new EngineDefinitionGateway(engine);
        this.autosaveThread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bitflow-autosave");
            t.setDaemon(true);
            return t;
        });
        this.main = new MainViewModel(preferences, tasks);
        Consumer<Exception> autosaveFailed = e -> javafx.application.Platform.runLater(
                () -> main.statusProperty().set("Autosave failed: " + e.getMessage()));
        this.autosave = new AutosaveStore(preferences.autosaveDirectory(), definitions, autosaveThread, 1500, autosaveFailed);
        this.editor = new EditorViewModel(definitions, tasks, preferences, autosave, definitions.startDefinition(), null);
        this.inspector = new InspectorViewModel(engine.ledger());
        inspector.definitionProperty().bind(editor.definitionProperty());
        this.runsWriter = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "bitflow-runs-writer");
            t.setDaemon(true);
            return t;
        });
        this.runs = new RunsViewModel(engine.runs(), workspace != null ? workspace : engine.runs().defaultFolder(), tasks,
                runsWriter);
        runs.setStatusSink(main.statusProperty()::set);
        this.training = new TrainingViewModel(engine.training(), engine.definitions(), engine.datasets(), runs, tasks);
        this.graph = new NetworkGraphViewModel(editor, engine.ledger());
        training.definitionProperty().bind(editor.definitionProperty());
        // The model the analysis views work on: the bundled one, one opened from a file, or any run's model.
        this.session = new ModelSession(engine.training(), engine.fusion(), tasks, AppContext.class.getClassLoader());
        session.useRuns(runs);
        this.transfer = new ModelTransferViewModel(engine.exports(), engine.training(), session, editor::definition,
                tasks);
        // The navigation shows a training run on every page; the status line says how each run ended.
        main.trainingActivityProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> !training
                .runningProperty().get() ? "" : training.pausedProperty().get() ? "paused"
                : Math.round(100 * Math.max(0, training.progressProperty().get())) + "%",
                training.runningProperty(), training.pausedProperty(), training.progressProperty()));
        training.runningProperty().addListener((o, was, now) -> {
            if (!now) {
                main.statusProperty().set(training.statusProperty().get());
            }
        });
        training.pausedProperty().addListener((o, was, now) -> {
            if (now) {
                main.statusProperty().set("Training paused: the run waits between two steps (Resume in the Training view)");
            } else if (training.runningProperty().get()) {
                main.statusProperty().set("Training resumed");
            }
        });
        // A finished run becomes the analysis model only when there is none: replacing a model would throw away
        // what the analysis views computed on it. Every run's model can be picked there.
        training.finishedRunProperty().addListener((o, a, run) -> {
            if (run != null && session.model() == null && training.modelProperty().get() != null) {
                session.adopt(training.modelProperty().get(), new ModelSession.Origin(ModelSession.Kind.RUN,
                        ModelSession.runLabel(run), null, run));
            } else if (run != null) {
                main.statusProperty().set("Run #" + run.number() + " " + run.outcomeProperty().get()
                        + ". Its model is in the model list of the analysis views.");
            }
        });
        this.batchShift = new BatchShiftViewModel(session, engine.fusion(), engine.datasets(), tasks,
                main.statusProperty()::set);
        this.sfReport = new SfReportViewModel(engine.analysis(), tasks);
        sfReport.modelProperty().bind(session.modelProperty());
        this.activations = new ActivationsViewModel(session, engine.analysis(), engine.datasets(), tasks);
        this.stepThrough = new StepThroughViewModel(session, engine.fusion(), engine.definitions(), engine.datasets(),
                tasks);
        this.accuracy = new AccuracyViewModel(session, engine.training(), engine.datasets(), tasks,
                main.statusProperty()::set);
        // Exports never replace what the workbench reads: the open definition, the recent ones, the open model.
        this.exportFiles = new ExportFiles(() -> {
            List<Path> inputs = new ArrayList<>(editor.recentFiles());
            inputs.add(editor.fileProperty().get());
            inputs.add(session.file());
            return inputs;
        });
        this.report = new ReportViewModel(session, new ModelReportBuilder(engine, BuildInfo.version()),
                new ReportWriter(exportFiles), tasks, main.statusProperty()::set);
        runs.load();
    }

    /**
     * What closing the window would lose, one sentence each: runs still training, trained models only in memory,
     * an analysis result (a fusion) not saved. The definition's unsaved edits are asked about separately.
     */
    public java.util.List<String> unsavedWork() {
        java.util.List<String> out = new java.util.ArrayList<>(runs.unsavedWork());
        String session = this.session.discardWarning();
        if (!session.isEmpty()) {
            out.add(session);
        }
        return out;
    }

    /**
     * Loads the engine's definition, ledger and fusion-planning classes on a worker thread, so the first
     * model the views adopt (a checks on the FX thread) does not pay for class loading and cold code there.
     */
    public void warmUp() {
        var def = editor.definition();
        tasks.execute(dev.bitflow.app.service.BackgroundTask.of("Preparing the engine", m -> {
            engine.definitions().check(def);
            engine.ledger().ledger(def, true);
            engine.fusion().check(def);
            return null;
        }));
    }

    /**
     * Loads the model the analysis views start with, in the background: {@code bfm} when given (the
     * {@code --model} option), otherwise the bundled pretrained fashion-bcnn if this build has it. The status line
     * keeps saying "Ready": the user did not ask for this ({@link ModelSession#openAtStart}).
     */
    public void loadStartModel(Path bfm) {
        session.openAtStart(bfm);
    }

    public Engine engine() {
        return engine;
    }

    public TaskExecutor tasks() {
        return tasks;
    }

    public AppPreferences preferences() {
        return preferences;
    }

    public AutosaveStore autosave() {
        return autosave;
    }

    public MainViewModel main() {
        return main;
    }

    public EditorViewModel editor() {
        return editor;
    }

    public TrainingViewModel training() {
        return training;
    }

    public BatchShiftViewModel batchShift() {
        return batchShift;
    }

    public StepThroughViewModel stepThrough() {
        return stepThrough;
    }

    public SfReportViewModel sfReport() {
        return sfReport;
    }

    public InspectorViewModel inspector() {
        return inspector;
    }

    /** The inspector's Activations section. */
    public ActivationsViewModel activations() {
        return activations;
    }

    /** The Accuracy view: per-class accuracy and the confusion matrix of the analysed model. */
    public AccuracyViewModel accuracy() {
        return accuracy;
    }

    /** The runs workspace: every training run kept, listed, compared. */
    public RunsViewModel runs() {
        return runs;
    }

    /** The editor's graph of the network. */
    public NetworkGraphViewModel graph() {
        return graph;
    }

    /** Zoom and presenter mode. */
    public PresentationViewModel presentation() {
        return presentation;
    }

    /** Where exported figures, tables and reports are written (never over an input). */
    public ExportFiles exportFiles() {
        return exportFiles;
    }

    /** File > Model report. */
    public ReportViewModel report() {
        return report;
    }

    /** The trained model the SF, BatchShift and step-through views work on. */
    /** File > Export and File > Import. */
    public ModelTransferViewModel transfer() {
        return transfer;
    }

    public ModelSession session() {
        return session;
    }

    /**
     * Stops the background work. The runs' writes already queued (a rename, a delete, a finished run's record) are
     * finished first: the writer is a daemon thread, which the JVM would stop mid-queue at exit. They are small
     * files, so the wait is short; it gives up after {@link #RUNS_WRITER_GRACE_SECONDS}.
     */
    @Override
    public void close() {
        tasks.close();
        autosaveThread.shutdown();
        runsWriter.shutdown();
        try {
            if (!runsWriter.awaitTermination(RUNS_WRITER_GRACE_SECONDS, java.util.concurrent.TimeUnit.SECONDS)) {
                System.getLogger(AppContext.class.getName()).log(System.Logger.Level.WARNING,
                        "the runs' last writes did not finish within " + RUNS_WRITER_GRACE_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        engine.close();
    }
}
