package dev.bitflow.engine.api.definition;

import dev.bitflow.engine.api.data.DataLocation;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which data set a definition trains on: a data-set plugin id (for example {@code fashion-mnist}), an
 * optional subset of its classes that becomes a new task (class {@code classes.get(i)} becomes label i;
 * empty means all classes), and the input normalisation.
 *
 * <p>A trained model's definition also says where its data was and what its classes are called, so that every
 * command and view uses that data by default and refuses data with other classes:
 *
 * @param location   where the data is read when no other location is given, or null for the plugin's standard
 *                   location; training stores the location it used (a folder as an absolute path)
 * @param classNames the names of the task's labels in order (after the class subset), or empty when not pinned;
 *                   training stores the names it saw. When given, data whose class names differ is refused
 * @param resize     how images of other sizes are brought to the input size (image folders); never null
 * @param options    the data-set plugin's own options (for example a test fraction), never null
 */
public record DatasetRef(String id, List<Integer> classes, Normalization normalization, DataLocation location,
                         List<String> classNames, Resize resize, Map<String, String> options) {
    /** The resize mode when none is given. */
    public static final Resize DEFAULT_RESIZE = Resize.BILINEAR;

    public DatasetRef {
        classes = classes == null ? List.of() : List.copyOf(classes);
        classNames = classNames == null ? List.of() : List.copyOf(classNames);
        resize = resize == null ? DEFAULT_RESIZE : resize;
        options = options == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(options));
    }

    /** A reference with no location, no pinned class names, bilinear resizing and no options. */
    public DatasetRef(String id, List<Integer> classes, Normalization normalization) {
        this(id, classes, normalization, null, List.of(), DEFAULT_RESIZE, Map.of());
    }

    /** Where to read this data when the user names no location: {@link #location()}, else the standard one. */
    public DataLocation defaultLocation() {
        return location != null ? location : DataLocation.standard();
    }

    /** This reference as resolved by training: the plugin that served it, where, and the class names it saw. */
    public DatasetRef resolved(String resolvedId, DataLocation resolvedLocation, List<String> names) {
        return new DatasetRef(resolvedId, classes, normalization, resolvedLocation, names, resize, options);
    }

    /** This reference with another plugin id and location (class names unpinned), for example a data picker's. */
    public DatasetRef withData(String newId, DataLocation newLocation) {
        return new DatasetRef(newId, classes, normalization, newLocation, List.of(), resize, options);
    }
}
