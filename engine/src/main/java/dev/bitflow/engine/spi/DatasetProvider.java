package dev.bitflow.engine.spi;

import dev.bitflow.engine.api.data.DataLocation;
import java.io.IOException;
import java.util.List;

/**
 * A data-set plugin: registered with {@link java.util.ServiceLoader} under this interface's name.
 * Implementations validate what they read and throw {@link dev.bitflow.engine.api.BadInputException} with
 * a message naming the file and what is wrong.
 */
public interface DatasetProvider {
    /** Stable id used in definitions, for example {@code fashion-mnist}. */
    String id();

    String displayName();

    String description();

    /** Class names, index = label. */
    List<String> classNames();

    /** Whether {@code location} can be served (for example the standard folder exists). */
    boolean isAvailable(DataLocation location);

    RawImages load(Split split, DataLocation location) throws IOException;
}
