package dev.bitflow.engine.api.runs;

import java.nio.file.Path;

/** Opens runs workspaces: folders that hold one sub-folder per training run. */
public interface RunService {
    /**
     * The user's default workspace: {@code $XDG_DATA_HOME/bitflow/runs}, or {@code ~/.local/share/bitflow/runs}
     * when that variable is unset or not absolute (Linux and other Unix systems); {@code ~/Library/Application
     * Support/bitflow/runs} on macOS; {@code %LOCALAPPDATA%\bitflow\runs} on Windows.
     */
    Path defaultFolder();

    /**
     * The workspace in {@code folder}, created if missing.
     *
     * @throws dev.bitflow.engine.api.BadInputException when the folder cannot be created or is a file
     */
    RunWorkspace open(Path folder);
}
