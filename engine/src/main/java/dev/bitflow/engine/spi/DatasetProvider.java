package dev.bitflow.engine.spi;

import dev.bitflow.engine.api.data.DataLocation;
import java.io.IOException;
import java.util.List;

/**
 * A data-set plugin: registered with {@link java.util.ServiceLoader} under this interface's name.
 * Implementations validate what they read and throw {@link dev.bitflow.engine.api.BadInputException} with
 * a message naming the file and what is wrong. Readers bound what they allocate by the input's real size
 * ({@link dev.bitflow.engine.api.io.ReadLimits}). The host calls a plugin from its own threads with a time
 * limit (see {@link LongRunning}); no method may return {@code null}.
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

    /**
     * Loads one split from {@code location}, validated.
     *
     * @throws dev.bitflow.engine.api.BadInputException when the files are missing or damaged (the message names
     *                                                  the file and the defect)
     */
    @LongRunning
    RawImages load(Split split, DataLocation location) throws IOException;

    /**
     * The number of examples in a split at {@code location}, for listings. The default loads the split;
     * providers with a cheaper way (reading a header) override it.
     */
    @LongRunning
    default int count(Split split, DataLocation location) throws IOException {
        return load(split, location).count();
    }

    /**
     * One or two sentences telling a user where this provider looks for {@code location} and how to obtain
     * the data there (for example which package to install), shown when the location is not available.
     */
    default String locationHelp(DataLocation location) {
        return displayName() + " is not available at " + location + ".";
    }
}
