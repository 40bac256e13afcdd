package dev.bitflow.engine.spi;

import dev.bitflow.engine.api.data.DataLocation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * A data-set plugin: registered with {@link java.util.ServiceLoader} under this interface's name.
 * Implementations validate what they read and throw {@link dev.bitflow.engine.api.BadInputException} with
 * a message naming the file and what is wrong. Readers bound what they allocate by the input's real size
 * ({@link dev.bitflow.engine.api.io.ReadLimits}). The host calls a plugin from its own threads with a time
 * limit (see {@link LongRunning}); no method may return {@code null}.
 *
 * <p>The engine reads data through {@link #open}, example by example, so a split need not fit in memory. A
 * small plugin may implement only {@link #load} (the whole split in memory); the default {@link #open} serves
 * that. The built-in plugins implement {@link #open} and read from disk on demand.
 */
public interface DatasetProvider {
    /** Stable id used in definitions and in {@code --data ID:DIR}, for example {@code fashion-mnist}. */
    String id();

    String displayName();

    String description();

    /**
     * Class names, index = label, when the data set fixes them (Fashion-MNIST); an empty list when they come
     * from the files at each location (a folder's class sub-folders, a {@code classes.txt}): then
     * {@link SplitSource#classNames()} of an opened split has them.
     */
    List<String> classNames();

    /** Whether {@code location} can be served (for example the standard folder exists). */
    boolean isAvailable(DataLocation location);

    /**
     * Loads one split from {@code location}, validated, wholly in memory.
     *
     * @throws dev.bitflow.engine.api.BadInputException when the files are missing or damaged (the message names
     *                                                  the file and the defect)
     */
    @LongRunning
    RawImages load(Split split, DataLocation location) throws IOException;

    /**
     * Opens one split for reading on demand. Scans that take long report progress to
     * {@code request.monitor()} and stop with {@link dev.bitflow.engine.api.CancelledException} when it is
     * cancelled. The default serves {@link #load} from memory.
     *
     * @throws dev.bitflow.engine.api.BadInputException when the files are missing or damaged, naming the file
     */
    @LongRunning
    default SplitSource open(Split split, DataLocation location, SplitRequest request) throws IOException {
        return SplitSource.inMemory(load(split, location), classNames());
    }

    /**
     * How specifically this plugin recognises {@code folder} as its data, for {@code --data DIR} without a kind.
     * Must be cheap (look at file names, headers, small files) and must not throw. The default recognises
     * nothing: such a plugin is used for a folder only when the definition names it and no other plugin
     * recognises the folder.
     */
    default Recognition recognize(Path folder) {
        return Recognition.NONE;
    }

    /** The names of the options this plugin accepts in a definition's {@code dataset.options}; none by default. */
    default Set<String> optionNames() {
        return Set.of();
    }

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
