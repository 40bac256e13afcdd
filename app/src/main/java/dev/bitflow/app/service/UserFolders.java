package dev.bitflow.app.service;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The per-user folders the workbench writes its own files to, following each platform's convention: on Linux
 * and other Unix systems the XDG base directories ({@code $XDG_STATE_HOME}, default {@code ~/.local/state}), on
 * macOS {@code ~/Library/Logs}, on Windows {@code %LOCALAPPDATA%}. Nothing is created here; writers create the
 * folder they need, explicitly.
 */
public final class UserFolders {
    private static final String APP = "bitflow";

    private final Map<String, String> env;
    private final String osName;
    private final Path home;

    /**
     * @param env    the environment (variables such as {@code XDG_STATE_HOME}, {@code LOCALAPPDATA})
     * @param osName the {@code os.name} property
     * @param home   the user's home folder
     */
    public UserFolders(Map<String, String> env, String osName, Path home) {
        this.env = Map.copyOf(env);
        this.osName = osName.toLowerCase(Locale.ROOT);
        this.home = home;
    }

    /** The folders of the user running this process. */
    public static UserFolders ofThisUser() {
        return new UserFolders(System.getenv(), System.getProperty("os.name", ""), Path.of(System.getProperty("user.home")));
    }

    /** Where error reports (crash logs) go. */
    public Path logs() {
        if (osName.startsWith("mac")) {
            return home.resolve("Library").resolve("Logs").resolve("BitFlow Workbench");
        }
        if (osName.startsWith("windows")) {
            return absolute("LOCALAPPDATA", home.resolve("AppData").resolve("Local")).resolve("BitFlow Workbench")
                    .resolve("logs");
        }
        return absolute("XDG_STATE_HOME", home.resolve(".local").resolve("state")).resolve(APP).resolve("logs");
    }

    /** The variable's value when it is an absolute path (the XDG rule: relative values are ignored), else the default. */
    private Path absolute(String variable, Path fallback) {
        String v = env.get(variable);
        if (v != null && !v.isBlank()) {
            Path p = Path.of(v);
            if (p.isAbsolute()) {
                return p;
            }
        }
        return fallback;
    }
}
