package dev.bitflow.app.cli;

import dev.bitflow.engine.api.data.DataLocation;
import picocli.CommandLine.Option;

/** The {@code --data} option of the commands that read a data set (a picocli mixin). */
final class DataOption {
    @Option(names = "--data", paramLabel = "DIR|mini", defaultValue = "standard",
            description = "data folder, 'mini' for the embedded mini set, or 'standard' (default)")
    String data;

    /** The data set the option names. */
    DataLocation location() {
        return DataLocation.parse(data);
    }
}
