package dev.bitflow.app.cli;

import java.util.List;

/**
 * Opens the workbench window with the given window options ({@code --screenshots DIR}, {@code --settings DIR},
 * {@code --model FILE}, {@code --no-training}) and returns the exit code once it closes. The entry point
 * provides it, so the command line itself never touches JavaFX.
 */
@FunctionalInterface
public interface GuiStarter {
    int start(List<String> windowArgs);
}
