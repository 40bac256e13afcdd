package dev.bitflow.engine.api.data;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.definition.DatasetRef;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import java.util.List;

/**
 * The data sets available through plugins, and views of them (class subsets, splits).
 *
 * <p>Errors: an unknown data-set id, a class outside the data set, or a location that is not available is a
 * {@link BadInputException} saying what is known or how to get the data ({@code apt-get install
 * dataset-fashion-mnist}, {@code --data DIR}, {@code --data mini}); damaged files name the file and defect.
 */
public interface DatasetService {
    /** Every data set the plugins provide, with the status of its mini and standard locations. */
    List<DatasetInfo> available();

    /** The status of one data set at one location (for example a folder given with {@code --data}). */
    LocationStatus status(String datasetId, DataLocation location);

    /** Number of examples in a view: the split restricted to {@code ref.classes()}. */
    int size(DatasetRef ref, DataLocation location, DataSplit split);

    /**
     * Example {@code index} of a view (0..size-1), as stored, with its label in the view and its class name.
     *
     * @throws BadInputException when the index is outside the view
     */
    ImageSample sample(DatasetRef ref, DataLocation location, DataSplit split, int index);

    /**
     * Example {@code index} of {@code model}'s data-set view at {@code location}, as the model sees it: decoded
     * at the model's input size (data sets of varied image sizes are resized as its definition says), raw pixels
     * 0..255, with the label and class name. The model's classes are checked as in evaluation.
     *
     * The default serves {@link #sample(DatasetRef, DataLocation, DataSplit, int)} (right for data of one size).
     *
     * @throws BadInputException when the index is outside the view or the data has other classes
     */
    default ImageSample sample(NetworkDefinition model, DataLocation location, DataSplit split, int index) {
        return sample(model.dataset(), location, split, index);
    }

    /**
     * What {@code location} holds for {@code definition} (null: the definition's own location): the plugin that
     * reads it, the task's classes and the examples per class of each split. Opening a large folder checks every
     * file: progress goes to {@code monitor}, which can cancel it. The split stays open for training.
     *
     * @throws BadInputException when the data is missing or damaged (naming the file) or has other classes than
     *                           the definition pins
     */
    default DataSummary describe(NetworkDefinition definition, DataLocation location, TaskMonitor monitor) {
        throw new UnsupportedOperationException("this data service cannot describe data");
    }

    /**
     * Up to {@code perClass} examples of each class of {@code definition}'s data at {@code location} (the first of
     * each class in the split's order), as the network sees them (decoded at its input size), for a preview grid;
     * class by class.
     */
    default List<ImageSample> preview(NetworkDefinition definition, DataLocation location, DataSplit split,
                                      int perClass, TaskMonitor monitor) {
        throw new UnsupportedOperationException("this data service cannot preview data");
    }

    /** Number of examples of {@code model}'s data-set view at {@code location}. */
    default int size(NetworkDefinition model, DataLocation location, DataSplit split) {
        return size(model.dataset(), location, split);
    }
}
