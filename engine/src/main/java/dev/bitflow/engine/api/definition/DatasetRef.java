package dev.bitflow.engine.api.definition;

import java.util.List;

/**
 * Which data set a definition trains on: a data-set plugin id (for example {@code fashion-mnist}), an
 * optional subset of its classes that becomes a new task (class {@code classes.get(i)} becomes label i;
 * empty means all classes), and the input normalisation.
 */
public record DatasetRef(String id, List<Integer> classes, Normalization normalization) {
    public DatasetRef {
        classes = classes == null ? List.of() : List.copyOf(classes);
    }
}
