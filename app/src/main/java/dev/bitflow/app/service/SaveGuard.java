package dev.bitflow.app.service;

import dev.bitflow.engine.api.io.FileKind;
import dev.bitflow.engine.api.io.OutputGuard;
import java.nio.file.Path;

/**
 * The window's save actions pass the same {@link OutputGuard} as the command line, never forced: a save may
 * replace a file of its own kind (the file chooser has asked), never a file of another kind (a definition saved
 * over a trained model, a fused model over the model it came from, a file of another program), never an input
 * of the job, never in a folder that does not exist. Call it on the background thread that saves.
 */
public final class SaveGuard {
    private SaveGuard() {
    }

    /**
     * @param inputs files the saved content was read from (null entries ignored)
     * @throws dev.bitflow.engine.api.BadInputException naming the file and what it would destroy
     */
    public static Path check(Path target, FileKind kind, Path... inputs) {
        OutputGuard guard = new OutputGuard(false, "choose another file name");
        for (Path in : inputs) {
            guard.input("the file it was read from,", in);
        }
        return guard.output("the chosen file", target, kind);
    }
}
