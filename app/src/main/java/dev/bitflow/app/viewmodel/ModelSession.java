package dev.bitflow.app.viewmodel;

import dev.bitflow.engine.api.io.AtomicFiles;
import dev.bitflow.app.service.BackgroundTask;
import dev.bitflow.app.service.TaskExecutor;
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
import java.util.Objects;
import java.util.function.Consumer;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The trained model the analysis views work on (SF &amp; BatchNorm, BatchShift, activations, step-through), shared
 * by them: the current {@link TrainedModel}, where it came from, and its BatchShift-fused form once a view needed
 * it ({@link #fusedModel}: fused once per model, then kept and handed to every view). A new model clears the
 * fusion. Models come from a {@code *.bfm} file ({@link #open}), the bundled pretrained sample
 * ({@link #openBundled}) or a training run ({@link #adopt}). Reading and fusing run through the
 * {@link TaskExecutor}, never on the UI thread; a bad file leaves the current model in place and sets
 * {@link #problemProperty()}.
 */
public final class ModelSession {
    /** Classpath resource of the pretrained sample (sample-models/fashion-bcnn.bfm). */
    public static final String BUNDLED_RESOURCE = "dev/bitflow/samples/fashion-bcnn.bfm";

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
    private Path file;
    private Consumer<String> errorSink = m -> { };
    private final BooleanBinding hasModel;

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
     * now on the calling thread, kept for every later caller and published as {@link #fusedProperty()}. Callers
     * that ask while that fusion runs wait for it rather than fusing again.
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

    /** The file the current model was read from; null for the bundled sample or a training run. */
    public Path file() {
        return file;
    }

    /** Makes {@code trained} the current model (for example the result of a training run). */
    public void adopt(TrainedModel trained, String from) {
        adopt(trained, from, null);
    }

    private void adopt(TrainedModel trained, String from, Path readFrom) {
        Objects.requireNonNull(trained);
        file = readFrom;
        fusionOfModel = new Fusion(trained);
        fused.set(null); // before the model, so listeners of the model never see the old fusion
        source.set(from);
        problem.set("");
        model.set(trained);
    }

    /** Reads a {@code *.bfm} file in the background and makes it current. */
    public void open(Path bfm) {
        load("Opening " + bfm.getFileName(), () -> bfm, bfm.getFileName().toString(), bfm);
    }

    /**
     * Loads the pretrained sample if it is bundled (copied to a temporary file first: the engine reads
     * files). Returns false, doing nothing, when it is not.
     */
    public boolean openBundled() {
        URL url = resources.getResource(BUNDLED_RESOURCE);
        if (url == null) {
            return false;
        }
        load("Loading the pretrained fashion-bcnn", () -> copyToTemp(url), "fashion-bcnn.bfm (bundled sample)", null);
        return true;
    }

    private interface FileSource {
        Path file() throws IOException;
    }

    private void load(String title, FileSource source, String from, Path readFrom) {
        loading.set(true);
        problem.set("");
        tasks.execute(BackgroundTask.of(title, m -> {
                    Path f = source.file();
                    m.progress(-1, title);
                    return training.load(f);
                })
                .onSuccess(t -> adopt(t, from, readFrom))
                .onFailure(e -> {
                    problem.set("Cannot open " + from + ": " + BackgroundTask.messageOf(e));
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
