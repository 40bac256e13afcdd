package dev.bitflow.engine.spi;

import dev.bitflow.engine.api.TaskMonitor;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A weight-file format: registered with {@link java.util.ServiceLoader} under this interface's name. It reads the
 * arrays the {@link ImportContext} says the definition needs, never allocating more than their sizes justify, and
 * hands them back by name; the engine then checks every name, shape and value and builds the trained model. A
 * damaged or hostile file is a {@link dev.bitflow.engine.api.BadInputException} naming the file and entry.
 */
public interface ModelImporter {
    /** The name the command line takes, for example {@code npz}. */
    String id();

    String displayName();

    String description();

    /** The file name ending it reads, for example {@code .npz}. */
    String extension();

    /** Reads the weights of {@code file}; checks {@code monitor} between arrays. */
    @LongRunning
    ImportedWeights read(Path file, ImportContext context, TaskMonitor monitor) throws IOException;
}
