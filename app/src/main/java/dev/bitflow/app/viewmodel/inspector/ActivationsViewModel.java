package dev.bitflow.app.viewmodel.inspector;

import dev.bitflow.app.viewmodel.ModelData;
import dev.bitflow.app.service.BackgroundTask;
import dev.bitflow.app.service.TaskExecutor;
import dev.bitflow.app.viewmodel.ModelSession;
import dev.bitflow.engine.api.analysis.ActivationRateOptions;
import dev.bitflow.engine.api.analysis.ActivationRates;
import dev.bitflow.engine.api.analysis.ActivationTrace;
import dev.bitflow.engine.api.analysis.AnalysisService;
import dev.bitflow.engine.api.data.DataSplit;
import dev.bitflow.engine.api.data.DatasetService;
import dev.bitflow.engine.api.training.TrainedModel;
import java.util.Objects;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;

/**
 * The inspector's Activations section: for the session's model and a chosen test image of its own data
 * ({@link ModelData}), every binary layer's activation bits ({@link AnalysisService#activations}), and per layer and channel the
 * +1 rate over the first {@link #rateExamplesProperty()} test images with dead channels
 * ({@link AnalysisService#activationRates}), on the session's fused model ({@link ModelSession#fusedModel}, fused
 * once for all views) or, for a model that cannot be fused, on its float path. Work runs through the
 * {@link TaskExecutor}; it starts only while the section is on screen ({@link #activeProperty()}), a changed image
 * while one runs is queued (the latest wins), and a new model clears both results.
 */
public final class ActivationsViewModel {

    private final ModelSession session;
    private final AnalysisService analysis;
    private final DatasetService datasets;
    private final TaskExecutor tasks;
    private final IntegerProperty example = new SimpleIntegerProperty();
    private final ReadOnlyIntegerWrapper exampleCount = new ReadOnlyIntegerWrapper();
    private final IntegerProperty rateExamples = new SimpleIntegerProperty(ActivationRateOptions.DEFAULT_EXAMPLES);
    private final ReadOnlyObjectWrapper<ActivationTrace> trace = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<ActivationRates> rates = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper traceBusy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper ratesBusy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final BooleanProperty selected = new SimpleBooleanProperty();
    private final BooleanProperty active = new SimpleBooleanProperty();
    private boolean pending;
    private boolean adjusting;

    public ActivationsViewModel(ModelSession session, AnalysisService analysis, DatasetService datasets,
                                TaskExecutor tasks) {
        this.session = Objects.requireNonNull(session);
        this.analysis = Objects.requireNonNull(analysis);
        this.datasets = Objects.requireNonNull(datasets);
        this.tasks = Objects.requireNonNull(tasks);
        example.addListener((o, a, b) -> {
            if (!adjusting) {
                clampExample();
                trace.set(null);
                refresh();
            }
        });
        active.addListener((o, a, on) -> {
            if (on) {
                refresh();
            }
        });
        session.modelProperty().addListener((o, a, m) -> modelChanged(m));
        modelChanged(session.model());
    }

    public ModelSession session() {
        return session;
    }

    /** Index of the test image in the model's test set. */
    public IntegerProperty exampleProperty() {
        return example;
    }

    /** Test images available (0 until known). */
    public ReadOnlyIntegerProperty exampleCountProperty() {
        return exampleCount.getReadOnlyProperty();
    }

    /** How many test images the +1 rates are counted over (default 500), once per model. */
    public IntegerProperty rateExamplesProperty() {
        return rateExamples;
    }

    /** The activations of the chosen image, or null. */
    public ReadOnlyObjectProperty<ActivationTrace> traceProperty() {
        return trace.getReadOnlyProperty();
    }

    /** The per-channel +1 rates, or null. */
    public ReadOnlyObjectProperty<ActivationRates> ratesProperty() {
        return rates.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty traceBusyProperty() {
        return traceBusy.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty ratesBusyProperty() {
        return ratesBusy.getReadOnlyProperty();
    }

    /** Why there are no activations (empty when fine). */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** Whether the inspector shows the Activations section (the view binds its tab to it). */
    public BooleanProperty selectedProperty() {
        return selected;
    }

    /** Whether the section is on screen; work starts only then. */
    public BooleanProperty activeProperty() {
        return active;
    }

    /** Computes what is missing for the current model and choice (the rates once per model, the chosen image). */
    public void refresh() {
        TrainedModel m = session.model();
        if (m == null || !active.get()) {
            return;
        }
        if (rates.get() == null && !ratesBusy.get()) {
            countRates(m);
        }
        if (trace.get() == null || trace.get().image().index() != example.get()) {
            if (traceBusy.get()) {
                pending = true;
            } else {
                traceImage(m);
            }
        }
    }

    private void countRates(TrainedModel m) {
        int n = Math.max(1, rateExamples.get());
        ratesBusy.set(true);
        tasks.execute(BackgroundTask.of("Counting +1 rates over " + n + " test images", monitor ->
                        session.canFuse(m)
                                ? analysis.activationRates(session.fusedModel(m, monitor), ModelData.of(m.definition()),
                                        ActivationRateOptions.defaults().withExamples(n), monitor)
                                : analysis.activationRates(m, ModelData.of(m.definition()), ActivationRateOptions.defaults().withExamples(n),
                                        monitor))
                .onSuccess(r -> {
                    if (m == session.model()) {
                        rates.set(r);
                    }
                })
                .onFailure(e -> error.set("Cannot count the +1 rates: " + BackgroundTask.messageOf(e)))
                .onFinished(() -> ratesBusy.set(false)));
    }

    private void traceImage(TrainedModel m) {
        pending = false;
        int ex = example.get();
        traceBusy.set(true);
        tasks.execute(BackgroundTask.of("Activations of test image " + ex, monitor ->
                        session.canFuse(m) ? analysis.activations(session.fusedModel(m, monitor), ModelData.of(m.definition()), ex, monitor)
                                : analysis.activations(m, ModelData.of(m.definition()), ex, monitor))
                .onSuccess(t -> {
                    if (m == session.model()) {
                        error.set("");
                        trace.set(t);
                    }
                })
                .onFailure(e -> error.set("Cannot compute the activations: " + BackgroundTask.messageOf(e)))
                .onFinished(() -> {
                    traceBusy.set(false);
                    if (pending) {
                        refresh();
                    }
                }));
    }

    private void modelChanged(TrainedModel m) {
        trace.set(null);
        rates.set(null);
        error.set("");
        pending = false;
        exampleCount.set(0);
        refresh();
        if (m == null || m.definition().dataset() == null) {
            return;
        }
        // Counting reads the test set: in the background, like every other read; a too large example index
        // is clamped when the count arrives.
        tasks.execute(BackgroundTask.of("Counting test images",
                        monitor -> datasets.size(m.definition(), ModelData.of(m.definition()), DataSplit.TEST))
                .onSuccess(n -> {
                    if (m == session.model()) {
                        exampleCount.set(n);
                        clampExample();
                        refresh();
                    }
                })
                .onFailure(e -> {
                    if (m == session.model()) {
                        error.set("No test images for this model: " + BackgroundTask.messageOf(e));
                    }
                }));
    }

    private void clampExample() {
        int n = exampleCount.get();
        if (n > 0 && (example.get() < 0 || example.get() >= n)) {
            adjusting = true;
            try {
                example.set(Math.max(0, Math.min(example.get(), n - 1)));
            } finally {
                adjusting = false;
            }
        }
    }
}
