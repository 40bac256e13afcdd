package dev.bitflow.app.viewmodel.training;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * One training run as the charts show it: its label, the batch metrics (throttled by the engine) and one
 * point per finished epoch, training and validation. Runs stay in the list after they end, so they can be
 * overlaid (for example SF on vs SF off).
 */
public final class TrainingRun {
    /** A batch sample: optimiser step, loss and accuracy of that batch. */
    public record BatchPoint(long step, double epochPosition, double loss, double accuracy) {
    }

    /** A finished epoch (1-based {@code epoch} for charts). */
    public record EpochPoint(int epoch, double trainLoss, double trainAccuracy, double validationLoss,
                             double validationAccuracy) {
    }

    private final int number;
    private final String label;
    private final ObservableList<BatchPoint> batches = FXCollections.observableArrayList();
    private final ObservableList<EpochPoint> epochs = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper outcome = new ReadOnlyStringWrapper("running");

    public TrainingRun(int number, String label) {
        this.number = number;
        this.label = label;
    }

    public int number() {
        return number;
    }

    /** For example {@code #2 fashion-bcnn, SF off, mini}. */
    public String label() {
        return label;
    }

    public ObservableList<BatchPoint> batches() {
        return batches;
    }

    public ObservableList<EpochPoint> epochs() {
        return epochs;
    }

    /** "running", "finished: test accuracy 84.1%", "cancelled", "failed: ...". */
    public ReadOnlyStringProperty outcomeProperty() {
        return outcome.getReadOnlyProperty();
    }

    void setOutcome(String text) {
        outcome.set(text);
    }

    @Override
    public String toString() {
        return label + " \u2014 " + outcome.get();
    }
}
