package dev.bitflow.app.viewmodel.accuracy;

import dev.bitflow.app.service.BackgroundTask;
import dev.bitflow.app.service.TaskExecutor;
import dev.bitflow.app.service.TaskHandle;
import dev.bitflow.app.viewmodel.ModelSession;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.data.DatasetService;
import dev.bitflow.engine.api.data.LocationStatus;
import dev.bitflow.engine.api.training.EvaluationResult;
import dev.bitflow.engine.api.training.TrainedModel;
import dev.bitflow.engine.api.training.TrainingService;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Accuracy view's state: the analysed model ({@link ModelSession}) evaluated on the test split of a chosen
 * location of its data set (the embedded mini set, or the full set when installed) by the engine's evaluation:
 * accuracy, loss, per-class accuracy and the confusion matrix. A run's model shows the evaluation stored with the
 * run at once when it was made on the same data; otherwise Evaluate computes it in the background. A new model
 * or data choice clears the result.
 */
public final class AccuracyViewModel {
    /** A test set to evaluate on. */
    public record TestSet(DataLocation location, String label, boolean available, String help) {
        @Override
        public String toString() {
            return label;
        }
    }

    private final ModelSession session;
    private final TrainingService training;
    private final DatasetService datasets;
    private final TaskExecutor tasks;
    private final ObservableList<TestSet> testSets = FXCollections.observableArrayList();
    private final ObjectProperty<TestSet> testSet = new SimpleObjectProperty<>();
    private final ReadOnlyObjectWrapper<EvaluationResult> result = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<ConfusionMatrix> matrix = new ReadOnlyObjectWrapper<>();
    private final ObservableList<ConfusionMatrix.ClassRow> classes = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private TaskHandle running;
    private final java.util.function.Consumer<String> status;

    /** With no status line (tests of this view alone). */
    public AccuracyViewModel(ModelSession session, TrainingService training, DatasetService datasets, TaskExecutor tasks) {
        this(session, training, datasets, tasks, text -> { });
    }

    /** @param status the window's status line: how an evaluation ended */
    public AccuracyViewModel(ModelSession session, TrainingService training, DatasetService datasets, TaskExecutor tasks,
                             java.util.function.Consumer<String> status) {
        this.status = Objects.requireNonNull(status);
        this.session = Objects.requireNonNull(session);
        this.training = Objects.requireNonNull(training);
        this.datasets = Objects.requireNonNull(datasets);
        this.tasks = Objects.requireNonNull(tasks);
        session.modelProperty().addListener((o, a, m) -> modelChanged(m));
        testSet.addListener((o, a, b) -> {
            clear();
            showStored();
        });
        modelChanged(session.model());
    }

    public ModelSession session() {
        return session;
    }

    /** The test sets of the model's data set: the embedded mini set, the full set (when installed). */
    public ObservableList<TestSet> testSets() {
        return testSets;
    }

    public ObjectProperty<TestSet> testSetProperty() {
        return testSet;
    }

    /** The evaluation shown, or null. */
    public ReadOnlyObjectProperty<EvaluationResult> resultProperty() {
        return result.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ConfusionMatrix> matrixProperty() {
        return matrix.getReadOnlyProperty();
    }

    /** One row per class: accuracy, correct / total, most often mistaken for. */
    public ObservableList<ConfusionMatrix.ClassRow> classes() {
        return classes;
    }

    /** Where the result comes from ("stored with run #3 when it finished", "evaluated now on ..."). */
    public ReadOnlyStringProperty noteProperty() {
        return note.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** Evaluates the model on the chosen test set in the background. */
    public void evaluate() {
        TrainedModel m = session.model();
        TestSet set = testSet.get();
        if (m == null || set == null || busy.get()) {
            return;
        }
        if (!set.available()) {
            error.set(set.help());
            return;
        }
        busy.set(true);
        error.set("");
        String name = m.definition().name();
        tasks.execute(BackgroundTask.of("Evaluating " + name + " on the " + set.label(),
                        monitor -> training.evaluate(m, set.location(), monitor))
                .inStatusLine()
                .onStarted(h -> running = h)
                .onSuccess(r -> {
                    if (m == session.model() && set == testSet.get()) {
                        show(r, String.format(Locale.ROOT, "Evaluated on %,d test images of %s.", r.examples(), r.dataset()));
                    }
                    status.accept(String.format(Locale.ROOT, "Evaluated %s: %.2f%% correct on %,d test images of %s",
                            name, 100 * r.accuracy(), r.examples(), r.dataset()));
                })
                .onCancelled(() -> {
                    note.set("Evaluation cancelled.");
                    status.accept("Evaluation of " + name + " cancelled");
                })
                .onFailure(e -> {
                    error.set("Cannot evaluate: " + BackgroundTask.messageOf(e));
                    status.accept("Cannot evaluate " + name + ": " + BackgroundTask.messageOf(e));
                })
                .onFinished(() -> {
                    busy.set(false);
                    running = null;
                }));
    }

    public void cancel() {
        if (running != null) {
            running.cancel();
        }
    }

    private void modelChanged(TrainedModel m) {
        List<TestSet> sets = new ArrayList<>();
        if (m != null && m.definition().dataset() != null) {
            String id = m.definition().dataset().id();
            for (DataLocation loc : List.of(DataLocation.mini(), DataLocation.standard())) {
                LocationStatus st;
                try {
                    st = datasets.status(id, loc);
                } catch (RuntimeException e) {
                    continue;
                }
                String label = (loc.kind() == DataLocation.Kind.EMBEDDED_MINI ? "embedded mini test set" : "full test set")
                        + (st.available() && st.testCount() > 0 ? String.format(Locale.ROOT, " (%,d images)", st.testCount()) : "");
                sets.add(new TestSet(loc, label, st.available(), st.help()));
            }
        }
        TestSet keep = testSet.get();
        testSets.setAll(sets);
        TestSet pick = sets.stream().filter(s -> keep != null && s.location().equals(keep.location()) && s.available())
                .findFirst().orElse(sets.stream().filter(TestSet::available).findFirst().orElse(null));
        clear();
        if (pick == testSet.get() || (pick != null && pick.equals(testSet.get()))) {
            showStored();
        }
        testSet.set(pick);
    }

    /** The evaluation stored with the model's run, when it was made on the chosen test set. */
    private void showStored() {
        ModelSession.Origin o = session.originProperty().get();
        TestSet set = testSet.get();
        if (o == null || o.kind() != ModelSession.Kind.RUN || set == null || session.model() == null) {
            return;
        }
        var r = o.run().record();
        if (r.evaluation() != null && r.settings().data().equals(set.location())) {
            show(r.evaluation(), "Stored with run #" + o.run().number() + " when it finished, on "
                    + r.evaluation().dataset() + ". Evaluate computes it again.");
        }
    }

    private void show(EvaluationResult r, String where) {
        result.set(r);
        ConfusionMatrix c = ConfusionMatrix.of(r);
        matrix.set(c);
        classes.setAll(c.rows());
        note.set(where);
    }

    private void clear() {
        result.set(null);
        matrix.set(null);
        classes.clear();
        note.set("");
        error.set("");
    }
}
