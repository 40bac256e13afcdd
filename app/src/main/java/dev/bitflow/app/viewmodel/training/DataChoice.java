package dev.bitflow.app.viewmodel.training;

import dev.bitflow.engine.api.DisplayText;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.data.DatasetInfo;
import dev.bitflow.engine.api.data.DatasetRefs;
import dev.bitflow.engine.api.data.LocationStatus;
import dev.bitflow.engine.api.definition.DatasetRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One entry of the training view's data choice: a data set some plugin provides, a task on it (all classes,
 * or a class subset such as Shirt vs T-shirt/top) and a location (the embedded mini set or the standard
 * folder), with whether the files are there and, if not, how to get them; or a folder the user chose, of a
 * kind the engine detects or the user names ({@link #folder}).
 *
 * @param datasetId  the data-set plugin, or null for a folder whose kind is detected
 * @param classes    the task's classes in the data set's numbering (empty: all), as in {@link DatasetRef}
 * @param classCount how many classes the task has (the network's output width must match); -1 for a folder,
 *                   whose classes are known once it is read
 */
public record DataChoice(String datasetId, String datasetName, String task, List<Integer> classes, int classCount,
                         LocationStatus status) {
    public DataChoice {
        classes = List.copyOf(classes);
    }

    /** The kinds a folder can be named as (null: detect the kind), for the folder's kind choice. */
    public static final String DETECT = null;

    /**
     * Every choice the plugins' data sets offer at their mini and standard locations: all classes, plus the
     * binary task of Fashion-MNIST. Data sets read only from folders (no location available) are not listed:
     * they are chosen as a folder.
     */
    public static List<DataChoice> of(List<DatasetInfo> datasets) {
        List<DataChoice> out = new ArrayList<>();
        for (DatasetInfo d : datasets) {
            if (d.locations().stream().noneMatch(LocationStatus::available)) {
                continue;
            }
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

    /** A folder the user chose, read as {@code kind} (a plugin id) or, when null, as the engine detects. */
    public static DataChoice folder(Path dir, String kind) {
        DataLocation location = kind == null ? DataLocation.directory(dir) : DataLocation.directory(kind, dir);
        return new DataChoice(kind, kind == null ? "Folder" : "Folder (" + kind + ")", "all classes", List.of(), -1,
                new LocationStatus(location, true, -1, -1, ""));
    }

    /** Whether this is a folder the user chose. */
    public boolean isFolder() {
        return classCount < 0;
    }

    public DataLocation location() {
        return status.location();
    }

    public boolean available() {
        return status.available();
    }

    /** Whether this choice is the data set and class subset {@code ref} names (never true for a folder). */
    public boolean matches(DatasetRef ref) {
        return !isFolder() && ref != null && ref.id().equals(datasetId) && ref.classes().equals(classes);
    }

    /**
     * {@code ref} with this choice's data set and classes, keeping its normalisation, resizing and options; a
     * folder keeps the definition's data set id (used when the folder's kind is not recognised) and takes all of
     * the folder's classes; the definition's plugin options are kept for its own plugin only.
     */
    public DatasetRef applyTo(DatasetRef ref) {
        String id = datasetId != null ? datasetId : ref.id();
        return new DatasetRef(id, isFolder() ? List.of() : classes, ref.normalization(), null, List.of(),
                ref.resize(), id.equals(ref.id()) ? ref.options() : java.util.Map.of());
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
        if (isFolder()) {
            return DisplayText.escape(datasetName + ": " + location().directory());
        }
        return DisplayText.escape(datasetName + ", " + task + " (" + locationLabel() + ")");
    }

    /** One line under the choice: the sizes, or where the plugin looks and how to get the data. */
    public String description() {
        if (isFolder()) {
            return "";
        }
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
