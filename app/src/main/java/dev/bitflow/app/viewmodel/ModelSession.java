package dev.bitflow.app.viewmodel;

import dev.bitflow.engine.api.io.AtomicFiles;
import dev.bitflow.app.service.BackgroundTask;
import dev.bitflow.app.service.TaskExecutor;
import dev.bitflow.app.viewmodel.training.RunsViewModel;
import dev.bitflow.app.viewmodel.training.TrainingRun;
import dev.bitflow.engine.api.CancelledException;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.fusion.FusedModel;
import dev.bitflow.engine.api.fusion.FusionService;
import dev.bitflow.engine.api.training.TrainedModel;
import dev.bitflow.engine.api.training.TrainingService;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/**
 * The trained model the analysis views work on (SF &amp; BatchNorm, BatchShift, activations, step-through,
 * accuracy), shared by them: the current {@link TrainedModel}, where it came from ({@link Origin}), and its
 * BatchShift-fused form once a view needed it ({@link #fusedModel}: fused once per model, then kept and handed to
 * every view; a run's fusion is also kept in the run's folder). A new model clears the fusion; replacing a model
 * whose result is not in any file asks first ({@link #confirmReplace}). Models come from a {@code *.bfm} file
 * ({@link #open}), the bundled pretrained sample ({@link #openBundled}), a run of the workspace ({@link #openRun})
 * or a training run in memory ({@link #adopt}). Reading and fusing run through the {@link TaskExecutor}, never on
 * the UI thread; a bad file leaves the current model in place, sets {@link #problemProperty()} and is reported to
 * the error sink (a dialog in the window).
 */
public final class ModelSession {
    /** Classpath resource of the pretrained sample (sample-models/fashion-bcnn.bfm). */
    public static final String BUNDLED_RESOURCE = "dev/bitflow/samples/fashion-bcnn.bfm";

    /** What kind of place a model came from. */
    public enum Kind { BUNDLED, FILE, RUN, OTHER }

    /**
     * Where the current model came from.
     *
     * @param label what the model bar says, for example {@code run #3 fashion-bcnn, SF off (84.1%)}
     * @param file  the file, for {@link Kind#FILE}
     * @param run   the run, for {@link Kind#RUN}
     */
    public record Origin(Kind kind, String label, Path file, TrainingRun run) {
    }

    private static final Origin BUNDLED = new Origin(Kind.BUNDLED,
            "fashion-bcnn.bfm, bundled sample (92.1%)", null, null);

    private final TrainingService training;
    private final FusionService fusion;
    private final TaskExecutor tasks;
    private final ClassLoader resources;
    private final ReadOnlyObjectWrapper<TrainedModel> model = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper source = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<FusedModel> fused = new ReadOnlyObjectWrapper<>();
    /** The fusion of the current model, shared with worker threads; replaced when the model changes. */
    private volatile Fusion fusionOfModel = new Fusion(null);
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final BooleanBinding hasModel;
    private final ReadOnlyObjectWrapper<Origin> origin = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper fusionSaved = new ReadOnlyBooleanWrapper();
    private Predicate<String> confirmDiscard = warning -> true;
    private Consumer<String> errorSink = m -> { };
    private RunsViewModel runs;
    private final ObservableList<Origin> choices = FXCollections.observableArrayList();
    private final List<Origin> openedFiles = new ArrayList<>();

    /**
     * @param resources where {@link #BUNDLED_RESOURCE} is looked up (the app's class loader)
     */
    public ModelSession(TrainingService training, FusionService fusion, TaskExecutor tasks, ClassLoader resources) {
        this.training = Objects.requireNonNull(training);
        this.fusion = Objects.requireNonNull(fusion);
        this.tasks = Objects.requireNonNull(tasks);
        this.resources = Objects.requireNonNull(resources);
        this.hasModel = model.isNotNull();
    }

    /** The current trained model, or null when none is loaded. */
    public ReadOnlyObjectProperty<TrainedModel> modelProperty() {
        return model.getReadOnlyProperty();
    }

    public TrainedModel model() {
        return model.get();
    }

    public BooleanBinding hasModelProperty() {
        return hasModel;
    }

    /** Where the current model came from, for headers: a file name, "bundled sample" or "training run". */
    public ReadOnlyStringProperty sourceProperty() {
        return source.getReadOnlyProperty();
    }

    /** The BatchShift-fused form of the current model (null until a view fused it); cleared when the model changes. */
    public ReadOnlyObjectProperty<FusedModel> fusedProperty() {
        return fused.getReadOnlyProperty();
    }

    /**
     * The fused form of {@code of}, for background work (call it inside a {@link BackgroundTask}'s work, never on
     * the UI thread): the one kept when {@code of} is the current model and was fused before, otherwise one fusion
     * now on the calling thread, kept for every later caller and published as {@link #fusedProperty()} (and, for a
     * run's model, written into the run's folder). Callers that ask while that fusion runs wait for it rather than
     * fusing again.
     *
     * @throws dev.bitflow.engine.api.BadInputException if the model cannot be fused exactly
     * @throws CancelledException if {@code of} is no longer the current model (its result would be dropped)
     */
    public FusedModel fusedModel(TrainedModel of, TaskMonitor monitor) {
        Fusion f = fusionOfModel;
        if (f.of != of) {
            throw new CancelledException("another model was opened");
        }
        synchronized (f) {
            if (f.value == null) {
                f.value = fusion.fuse(of, monitor);
                FusedModel value = f.value;
                tasks.uiThread().execute(() -> {
                    if (fusionOfModel == f) {
                        fused.set(value);
                        keepInRun(of, value);
                    }
                });
            }
            return f.value;
        }
    }

    /** Whether {@code m} can be fused exactly ({@link FusionService#check} finds no problem). */
    public boolean canFuse(TrainedModel m) {
        return fusion.check(m.definition()).isEmpty();
    }

    /** One model's fusion, made at most once (guarded by its own lock). */
    private static final class Fusion {
        final TrainedModel of;
        FusedModel value;

        Fusion(TrainedModel of) {
            this.of = of;
        }
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** Why the last open failed (empty after a success). */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** Where a model that cannot be opened is reported (the window shows a dialog). */
    public void setErrorSink(Consumer<String> sink) {
        this.errorSink = Objects.requireNonNull(sink);
    }

    /** The file the current model was read from; null for the bundled sample, a run or a model in memory. */
    public Path file() {
        Origin o = origin.get();
        return o == null ? null : o.file();
    }

    /** Where the current model came from, or null without a model. */
    public ReadOnlyObjectProperty<Origin> originProperty() {
        return origin.getReadOnlyProperty();
    }

    /** Whether the current model's fusion is in a file (its run's folder, or a .bff the user saved). */
    public ReadOnlyBooleanProperty fusionSavedProperty() {
        return fusionSaved.getReadOnlyProperty();
    }

    /** Lets the session pick runs' models and keep their fusions in the runs' folders. */
    public void useRuns(RunsViewModel workspace) {
        this.runs = workspace;
        workspace.runs().addListener((ListChangeListener<TrainingRun>) c -> updateChoices());
        updateChoices();
    }

    /**
     * The models the analysis views can show, for the model bar's list: the bundled sample, every run with a model
     * (newest first) and the files opened in this window. The current model's origin is among them.
     */
    public ObservableList<Origin> choices() {
        return choices;
    }

    /** Shows the model {@code choice} names (asking first when a result would be lost). */
    public void choose(Origin choice) {
        if (choice == null || choice.equals(origin.get())) {
            return;
        }
        switch (choice.kind()) {
            case BUNDLED -> openBundled();
            case FILE -> open(choice.file());
            case RUN -> openRun(choice.run());
            case OTHER -> { }
        }
    }

    private void updateChoices() {
        List<Origin> next = new ArrayList<>();
        if (hasBundled()) {
            next.add(BUNDLED);
        }
        if (runs != null) {
            for (TrainingRun r : runs.runsWithModels()) {
                Origin o = origin.get();
                next.add(o != null && o.run() == r ? o : new Origin(Kind.RUN, runLabel(r), null, r));
            }
        }
        next.addAll(openedFiles);
        Origin current = origin.get();
        if (current != null && !next.contains(current)) {
            next.add(current);
        }
        if (!next.equals(choices)) {
            choices.setAll(next);
        }
    }

    /**
     * Asked before a result would be thrown away (the text says which); true replaces. The window shows a dialog;
     * without one, replacing is allowed.
     */
    public void setConfirmDiscard(Predicate<String> confirm) {
        this.confirmDiscard = Objects.requireNonNull(confirm);
    }

    /**
     * What replacing the current model would throw away that is not in any file ("" when nothing): a fusion not
     * saved as a .bff, or a trained model whose file could not be written.
     */
    public String discardWarning() {
        Origin o = origin.get();
        if (model.get() == null || o == null) {
            return "";
        }
        if (o.kind() == Kind.RUN && o.run().unsavedModel() == model.get()) {
            return "The trained model of " + o.label() + " is only in memory (" + o.run().saveProblemProperty().get()
                    + "); save it from the Training view first.";
        }
        if (fused.get() != null && !fusionSaved.get()) {
            return "The BatchShift fusion of " + model.get().definition().name() + " (" + o.label() + ") is not saved "
                    + "as a .bff file; the analysis views start again on the new model.";
        }
        return "";
    }

    /** True when the current model may be replaced: nothing unsaved, or the user agreed to lose it. */
    public boolean confirmReplace() {
        String w = discardWarning();
        return w.isEmpty() || confirmDiscard.test(w);
    }

    /** Makes {@code trained} the current model, from a place described by {@code from}. */
    public void adopt(TrainedModel trained, String from) {
        adopt(trained, new Origin(Kind.OTHER, from, null, null));
    }

    /** Makes {@code trained} the current model. */
    public void adopt(TrainedModel trained, Origin from) {
        Objects.requireNonNull(trained);
        fusionOfModel = new Fusion(trained);
        fused.set(null); // before the model, so listeners of the model never see the old fusion
        fusionSaved.set(false);
        origin.set(from);
        source.set(from.label());
        problem.set("");
        if (from.kind() == Kind.FILE && !openedFiles.contains(from)) {
            openedFiles.add(from);
        }
        model.set(trained);
        updateChoices();
    }

    /** A run's fusion is written into the run's folder in the background, so it is not lost with the window. */
    private void keepInRun(TrainedModel of, FusedModel value) {
        Origin o = origin.get();
        if (of != model.get() || o == null || o.kind() != Kind.RUN || runs == null || !o.run().isStored()
                || fusionSaved.get()) {
            return;
        }
        TrainingRun run = o.run();
        tasks.execute(BackgroundTask.of("Keeping the fused model in run #" + run.number() + "'s folder",
                        m -> runs.storeFused(run, value, m))
                .onSuccess(x -> {
                    if (of == model.get()) {
                        fusionSaved.set(true);
                    }
                })
                .onFailure(e -> problem.set("The fused model was not kept in the run's folder: "
                        + BackgroundTask.messageOf(e))));
    }

    /** The user saved the fusion of {@code of} as a .bff file. */
    public void fusionWritten(TrainedModel of) {
        if (of == model.get() && fused.get() != null) {
            fusionSaved.set(true);
        }
    }

    /** Reads a {@code *.bfm} file in the background and makes it current (after asking, if something is unsaved). */
    public void open(Path bfm) {
        if (!confirmReplace()) {
            return;
        }
        load("Opening " + bfm.getFileName(), () -> bfm, fileOrigin(bfm), true);
    }

    private static Origin fileOrigin(Path bfm) {
        String folder = bfm.toAbsolutePath().getParent() == null ? "" : "  (" + bfm.toAbsolutePath().getParent() + ")";
        return new Origin(Kind.FILE, "file " + bfm.getFileName() + folder, bfm, null);
    }

    /**
     * Opens the model the analysis views start with, in the background: {@code bfm} (the {@code --model} option), or
     * when null the bundled pretrained sample if this build has it. This is the start's own work, not an action of
     * the user, so it says nothing in the status line: the model bar and the views show the model once it is read.
     * A file that cannot be read is reported as when the user opens it.
     */
    public void openAtStart(Path bfm) {
        if (bfm != null) {
            load("Opening " + bfm.getFileName(), () -> bfm, fileOrigin(bfm), false);
        } else {
            URL url = resources.getResource(BUNDLED_RESOURCE);
            if (url != null) {
                load("Loading the pretrained fashion-bcnn", () -> copyToTemp(url), BUNDLED, false);
            }
        }
    }

    /** Makes a run's trained model current (after asking, if something is unsaved); read in the background. */
    public void openRun(TrainingRun run) {
        if (runs == null || !run.hasModel() || !confirmReplace()) {
            return;
        }
        Origin from = new Origin(Kind.RUN, runLabel(run), null, run);
        loading.set(true);
        problem.set("");
        tasks.execute(runs.loadModel(run)
                .onSuccess(t -> adopt(t, from))
                .onFailure(e -> problem.set("Cannot open the model of run #" + run.number() + ": "
                        + BackgroundTask.messageOf(e)))
                .onFinished(() -> loading.set(false)));
    }

    /** "run #3 fashion-bcnn, SF off (84.1%)". */
    public static String runLabel(TrainingRun run) {
        String acc = Double.isNaN(run.record().accuracy()) ? ""
                : String.format(java.util.Locale.ROOT, " (%.1f%%)", 100 * run.record().accuracy());
        return "run #" + run.number() + " " + run.name() + acc;
    }

    /**
     * Loads the pretrained sample if it is bundled (copied to a temporary file first: the engine reads
     * files). Returns false, doing nothing, when it is not.
     */
    public boolean openBundled() {
        URL url = resources.getResource(BUNDLED_RESOURCE);
        if (url == null || !confirmReplace()) {
            return false;
        }
        load("Loading the pretrained fashion-bcnn", () -> copyToTemp(url), BUNDLED, true);
        return true;
    }

    /** Whether this build has the pretrained sample. */
    public boolean hasBundled() {
        return resources.getResource(BUNDLED_RESOURCE) != null;
    }

    private interface FileSource {
        Path file() throws IOException;
    }

    /** @param action whether the user asked for it: the status line then says when it starts and how it ended */
    private void load(String title, FileSource file, Origin from, boolean action) {
        loading.set(true);
        problem.set("");
        BackgroundTask<TrainedModel> task = BackgroundTask.of(title, m -> {
            Path f = file.file();
            m.progress(-1, title);
            return training.load(f);
        });
        tasks.execute((action ? task.inStatusLine() : task)
                .onSuccess(t -> adopt(t, from))
                .onFailure(e -> {
                    problem.set("Cannot open " + (from.file() != null ? from.file().getFileName()
                            : from.label()) + ": " + BackgroundTask.messageOf(e));
                    errorSink.accept(problem.get());
                })
                .onFinished(() -> loading.set(false)));
    }

    private static Path copyToTemp(URL url) throws IOException {
        Path tmp = Files.createTempFile("fashion-bcnn", ".bfm");
        tmp.toFile().deleteOnExit();
        try (InputStream in = url.openStream()) {
            AtomicFiles.write(tmp, in::transferTo);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the bundled model " + url + ": " + e.getMessage(), e);
        }
        return tmp;
    }
}
