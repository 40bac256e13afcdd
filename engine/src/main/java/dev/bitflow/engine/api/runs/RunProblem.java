package dev.bitflow.engine.api.runs;

import java.nio.file.Path;

/**
 * A run folder that could not be read.
 *
 * @param folder  the folder
 * @param message what is wrong, naming the file and field
 */
public record RunProblem(Path folder, String message) {
}
