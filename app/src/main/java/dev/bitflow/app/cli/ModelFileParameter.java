package dev.bitflow.app.cli;

import java.nio.file.Path;
import picocli.CommandLine.Parameters;

/** The {@code MODEL} parameter of the commands that read a trained model (a picocli mixin). */
final class ModelFileParameter {
    @Parameters(index = "0", paramLabel = "MODEL", description = "the trained model (*.bfm)")
    Path path;
}
