package dev.bitflow.app.viewmodel.training;

import dev.bitflow.app.service.BackgroundTask;
import dev.bitflow.app.service.TaskExecutor;
import dev.bitflow.app.service.TaskHandle;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.data.DataSplit;
import dev.bitflow.engine.api.data.DataSummary;
import dev.bitflow.engine.api.data.DatasetService;
import dev.bitflow.engine.api.data.ImageSample;
import dev.bitflow.engine.api.definition.Augmentation;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.training.TrainingRequest;
import dev.bitflow.engine.api.training.TrainingService;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The training view's look at the data before training: which data set a choice is (a folder's kind is
 * detected), its classes with the number of training and test images of each, a grid of training images per
 * class, and the first batch as training will see it (the definition's augmentation applied). Everything is read
 * in the background; a new look cancels the one still running, and a large folder's scan reports progress and
 * can be cancelled.
 */
public final class DataPickerViewModel {
    /** How many classes the preview grid shows at most, and how many images of each. */
    static final int MAX_GRID_CLASSES = 12;
    /** Images in the batch preview (at most one batch). */
    static final int BATCH_PREVIEW = 16;

    /** One class: its label, name and number of training and test images. */
    public record ClassCount(int label, String name, int train, int test) {
    }

    /** What decides the look: the same key shows the same data. */
    private record Key(Object data, Object input, Object dataset, Augmentation augmentation, long seed,
                       double validation, int batch, int maxTrain) {
    }

    private final DatasetService datasets;
    private final TrainingService training;
    private final TaskExecutor tasks;
    private final Executor ui;
    private final ReadOnlyObjectWrapper<DataSummary> summary = new ReadOnlyObjectWrapper<>();
    private final ObservableList<ClassCount> classCounts = FXCollections.observableArrayList();
    private final ObservableList<ImageSample> grid = FXCollections.observableArrayList();
    private final ObservableList<ImageSample> batch = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper augmentation = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private Key shown;
    private TaskHandle handle;

    public DataPickerViewModel(DatasetService datasets, TrainingService training, TaskExecutor tasks) {
        this.datasets = datasets;
        this.training = training;
        this.tasks = tasks;
        this.ui = tasks.uiThread();
    }

    /** The data set as detected and described, or null before a look or after an error. */
    public ReadOnlyObjectProperty<DataSummary> summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** One row per class: name, training and test images. */
    public ObservableList<ClassCount> classCounts() {
        return classCounts;
    }

    /** Training images, class by class (the first of each class), at most {@value #MAX_GRID_CLASSES} classes. */
    public ObservableList<ImageSample> grid() {
        return grid;
    }

    /** The first images of the first training batch, augmented as training will. */
    public ObservableList<ImageSample> batch() {
        return batch;
    }

    /** The definition's augmentation in words ("none" when off). */
    public ReadOnlyStringProperty augmentationProperty() {
        return augmentation.getReadOnlyProperty();
    }

    /** What is being read, while busy. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Why the data cannot be read ("" when it can): the message names the file. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /**
     * Looks at the data {@code request} would train on, unless that look is already shown or running. A look still
     * running for other data is cancelled.
     */
    public void show(TrainingRequest request) {
        NetworkDefinition def = request.definition();
        var t = def.training();
        Key key = new Key(request.data(), def.input(), def.dataset(), t.augmentation(), t.seed(),
                t.validationFraction(), t.batchSize(), request.maxTrainExamples());
        if (key.equals(shown)) {
            return;
        }
        cancel();
        shown = key;
        summary.set(null);
        classCounts.clear();
        grid.clear();
        batch.clear();
        error.set("");
        augmentation.set(describe(t.augmentation()));
        busy.set(true);
        status.set("Reading the data\u2026");
        tasks.execute(BackgroundTask.of("Reading the data", monitor -> {
                    TaskMonitor progress = relay(monitor);
                    DataSummary s = datasets.describe(def, request.data(), progress);
                    ui.execute(() -> {
                        if (key.equals(shown)) {
                            showSummary(s);
                        }
                    });
                    int classes = s.classNames().size();
                    int perClass = classes <= 6 ? 6 : classes <= MAX_GRID_CLASSES ? 4 : 1;
                    List<ImageSample> images = datasets.preview(def, request.data(), DataSplit.TRAIN, perClass,
                            progress);
                    List<ImageSample> shownImages = new ArrayList<>();
                    for (ImageSample i : images) {
                        if (i.label() < MAX_GRID_CLASSES) {
                            shownImages.add(i);
                        }
                    }
                    ui.execute(() -> {
                        if (key.equals(shown)) {
                            grid.setAll(shownImages);
                        }
                    });
                    monitor.progress(-1, "Preparing the first batch\u2026");
                    return training.previewBatch(request, BATCH_PREVIEW, progress);
                })
                .onStarted(h -> handle = h)
                .onSuccess(first -> {
                    if (key.equals(shown)) {
                        batch.setAll(first);
                    }
                })
                .onFailure(e -> {
                    if (key.equals(shown)) {
                        error.set(BackgroundTask.messageOf(e));
                    }
                })
                .onCancelled(() -> {
                    if (key.equals(shown)) {
                        shown = null; // looked at again next time
                        status.set("Stopped reading the data");
                    }
                })
                .onFinished(() -> {
                    if (key.equals(shown) || shown == null) {
                        busy.set(false);
                        if (error.get().isEmpty() && shown != null) {
                            status.set("");
                        }
                    }
                }));
    }

    /** Stops a look that is running (a long folder scan). */
    public void cancel() {
        if (handle != null && busy.get()) {
            handle.cancel();
        }
        handle = null;
        busy.set(false);
    }

    /** Forgets the look, so the next {@link #show} reads again (after the files changed, for example). */
    public void forget() {
        cancel();
        shown = null;
    }

    private void showSummary(DataSummary s) {
        summary.set(s);
        List<ClassCount> rows = new ArrayList<>();
        int[] train = s.trainPerClass();
        int[] test = s.testPerClass();
        for (int c = 0; c < s.classNames().size(); c++) {
            rows.add(new ClassCount(c, s.classNames().get(c), train[c], test[c]));
        }
        classCounts.setAll(rows);
    }

    /** Passes progress to the task and, in words at most every 100 ms, to {@link #statusProperty()}. */
    private TaskMonitor relay(TaskMonitor task) {
        return new TaskMonitor() {
            private long last;

            @Override
            public void progress(double fraction, String message) {
                task.progress(fraction, message);
                long now = System.nanoTime();
                if (now - last >= 100_000_000L) {
                    last = now;
                    ui.execute(() -> status.set(message));
                }
            }

            @Override
            public boolean isCancelled() {
                return task.isCancelled();
            }
        };
    }

    /** The augmentation in words: {@code crop 4 px padding, shift 2 px, horizontal flip}, or {@code none}. */
    static String describe(Augmentation a) {
        Objects.requireNonNull(a, "augmentation");
        List<String> parts = new ArrayList<>();
        if (a.cropPadding() > 0) {
            parts.add(String.format(Locale.ROOT, "random crop with %d px padding", a.cropPadding()));
        }
        if (a.shift() > 0) {
            parts.add(String.format(Locale.ROOT, "shift up to %d px", a.shift()));
        }
        if (a.horizontalFlip()) {
            parts.add("horizontal flip");
        }
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }
}
