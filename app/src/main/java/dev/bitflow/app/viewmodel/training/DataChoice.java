package dev.bitflow.app.viewmodel.training;

import dev.bitflow.engine.api.DisplayText;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.data.DatasetInfo;
import dev.bitflow.engine.api.data.DatasetRefs;
import dev.bitflow.engine.api.data.LocationStatus;
import dev.bitflow.engine.api.definition.DatasetRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One entry of the training view's data choice: a data set some plugin provides, a task on it (all classes,
 * or a class subset such as Shirt vs T-shirt/top) and a location (the embedded mini set or the standard
 * folder), with whether the files are there and, if not, how to get them.
 *
 * @param classes the task's classes in the data set's numbering (empty: all), as in {@link DatasetRef}
 * @param classCount how many classes the task has (the network's output width must match)
 */
public record DataChoice(String datasetId, String datasetName, String task, List<Integer> classes, int classCount,
                         LocationStatus status) {
    public DataChoice {
        classes = List.copyOf(classes);
    }

    /** Every choice the plugins' data sets offer: all classes at each location, plus the binary task. */
    public static List<DataChoice> of(List<DatasetInfo> datasets) {
        List<DataChoice> out = new ArrayList<>();
        for (DatasetInfo d : datasets) {
            for (LocationStatus st : d.locations()) {
                out.add(new DataChoice(d.id(), d.name(), "all " + d.classNames().size() + " classes", List.of(),
                        d.classNames().size(), st));
            }
            if (d.id().equals(DatasetRefs.FASHION_MNIST)) {
                for (LocationStatus st : d.locations()) {
                    out.add(new DataChoice(d.id(), d.name(), "Shirt vs T-shirt/top",
                            List.of(DatasetRefs.SHIRT, DatasetRefs.T_SHIRT_TOP), 2, st));
                }
            }
        }
        return out;
    }

    public DataLocation location() {
        return status.location();
    }

    public boolean available() {
        return status.available();
    }

    /** Whether this choice is the data set and class subset {@code ref} names. */
    public boolean matches(DatasetRef ref) {
        return ref != null && ref.id().equals(datasetId) && ref.classes().equals(classes);
    }

    /** {@code ref} with this choice's data set and classes, keeping its normalisation. */
    public DatasetRef applyTo(DatasetRef ref) {
        return new DatasetRef(datasetId, classes, ref.normalization());
    }

    public String locationLabel() {
        return switch (location().kind()) {
            case EMBEDDED_MINI -> "mini set";
            case STANDARD -> "full set";
            case DIRECTORY -> location().directory().toString();
        };
    }

    /** What the combo box shows (plugin-provided names shown through {@link DisplayText}). */
    public String label() {
        return DisplayText.escape(datasetName + ", " + task + " (" + locationLabel() + ")");
    }

    /** One line under the choice: the sizes, or where the plugin looks and how to get the data. */
    public String description() {
        if (!available()) {
            return DisplayText.escapeKeepingLines(status.help());
        }
        String sizes = String.format(Locale.ROOT, "%s: %,d training / %,d test images",
                location().kind() == DataLocation.Kind.EMBEDDED_MINI ? "Embedded mini set" : "Full set",
                status.trainCount(), status.testCount());
        return classes.isEmpty() ? sizes : sizes + " before keeping classes " + classes + " (labels 0.."
                + (classCount - 1) + " in that order)";
    }

    @Override
    public String toString() {
        return label();
    }
}
