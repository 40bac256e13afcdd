package dev.bitflow.app;

import dev.bitflow.app.service.AppPreferences;
import dev.bitflow.app.service.AutosaveStore;
import dev.bitflow.app.service.EngineDefinitionGateway;
import dev.bitflow.app.service.TaskExecutor;
import dev.bitflow.app.viewmodel.MainViewModel;
import dev.bitflow.app.viewmodel.ModelSession;
import dev.bitflow.app.viewmodel.PresentationViewModel;
import dev.bitflow.app.viewmodel.report.ReportViewModel;
import dev.bitflow.app.viewmodel.batchshift.BatchShiftViewModel;
import dev.bitflow.app.viewmodel.stepthrough.StepThroughViewModel;
import dev.bitflow.app.viewmodel.editor.EditorViewModel;
import dev.bitflow.app.viewmodel.editor.NetworkGraphViewModel;
import dev.bitflow.app.viewmodel.inspector.ActivationsViewModel;
import dev.bitflow.app.viewmodel.inspector.InspectorViewModel;
import dev.bitflow.app.viewmodel.sf.SfReportViewModel;
import dev.bitflow.app.viewmodel.training.TrainingViewModel;
import dev.bitflow.engine.api.Engine;
import dev.bitflow.engine.api.EngineProvider;
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
    private final AutosaveStore autosave;
    private final MainViewModel main;
    private final EditorViewModel editor;
    private final InspectorViewModel inspector;
    private final ActivationsViewModel activations;
    private final TrainingViewModel training;
    private final ModelSession session;
    private final BatchShiftViewModel batchShift;
    private final SfReportViewModel sfReport;
    private final StepThroughViewModel stepThrough;
    private final PresentationViewModel presentation = new PresentationViewModel();
    private final ExportFiles exportFiles;
    private final ReportViewModel report;
    private final NetworkGraphViewModel graph;

    /**
     * @param settings folder for settings and autosave ({@link AppPreferences#defaultDirectory()} normally;
     *                 tests and screenshot runs pass a temporary one)
     * @param tasks    how long work runs ({@code FxTaskExecutor} in the window)
     */
    public AppContext(Path settings, TaskExecutor tasks) {
        this.engine = EngineProvider.load().create(PluginHost.discover(AppContext.class.getClassLoader()));
        this.tasks = tasks;
        this.preferences = new AppPreferences(settings);
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
        this.graph = new NetworkGraphViewModel(editor, engine.ledger());
        this.training = new TrainingViewModel(engine.training(), engine.datasets(), tasks);
        training.definitionProperty().bind(editor.definitionProperty());
        // The model the SF, BatchShift and step-through views work on: the bundled one, one opened from a
        // file, or the last one trained.
        this.session = new ModelSession(engine.training(), tasks, AppContext.class.getClassLoader());
        training.modelProperty().addListener((o, a, m) -> {
            if (m != null) {
                session.adopt(m, "training run");
            }
        });
        this.batchShift = new BatchShiftViewModel(session, engine.fusion(), engine.datasets(), tasks,
                main.statusProperty()::set);
        this.sfReport = new SfReportViewModel(engine.analysis(), tasks);
        sfReport.modelProperty().bind(session.modelProperty());
        this.activations = new ActivationsViewModel(session, engine.analysis(), engine.datasets(), tasks);
        this.stepThrough = new StepThroughViewModel(session, engine.fusion(), engine.definitions(), engine.datasets(),
                tasks);
        // Exports never replace what the workbench reads: the open definition and the recent ones.
        this.exportFiles = new ExportFiles(() -> {
            List<Path> inputs = new ArrayList<>(editor.recentFiles());
            inputs.add(editor.fileProperty().get());
            return inputs;
        });
        this.report = new ReportViewModel(session, new ModelReportBuilder(engine, dev.bitflow.app.view.Workbench.VERSION),
                new ReportWriter(exportFiles), tasks, main.statusProperty()::set);
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
     * {@code --model} option), otherwise the bundled pretrained fashion-bcnn if this build has it.
     */
    public void loadStartModel(Path bfm) {
        if (bfm != null) {
            session.open(bfm);
        } else {
            session.openBundled();
        }
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
    public ModelSession session() {
        return session;
    }

    @Override
    public void close() {
        tasks.close();
        autosaveThread.shutdown();
    }
}
