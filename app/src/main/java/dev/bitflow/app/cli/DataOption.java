package dev.bitflow.app.cli;

import dev.bitflow.engine.api.data.DataLocation;
import picocli.CommandLine.Option;

/** The {@code --data} option of the commands that read a data set (a picocli mixin). */
final class DataOption {
    @Option(names = "--data", paramLabel = "DIR|KIND:DIR|mini|standard",
            description = "the data: a folder (its kind detected), KIND:DIR with KIND one of images, idx, cifar10, "
                    + "hands, fashion-mnist (or a plugin's id), 'mini' for the embedded mini set, or 'standard'; "
                    + "default: the data the model was trained on (for train: the definition's, else standard)")
    String data;

    /** The data set the option names, or null for the model's own. */
    DataLocation location() {
        return data == null ? null : DataLocation.parse(data);
    }
}
