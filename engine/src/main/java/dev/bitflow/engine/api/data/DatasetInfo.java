package dev.bitflow.engine.api.data;

import java.util.List;

/**
 * One data set a plugin provides.
 *
 * @param id          the id definitions use, for example {@code fashion-mnist}
 * @param name        human-readable name
 * @param description one line: what it is, size, licence
 * @param classNames  class names, index = label
 * @param locations   the status of the embedded mini set and the standard location (in that order)
 */
public record DatasetInfo(String id, String name, String description, List<String> classNames,
                          List<LocationStatus> locations) {
    public DatasetInfo {
        classNames = List.copyOf(classNames);
        locations = List.copyOf(locations);
    }
}
