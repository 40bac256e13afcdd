package dev.bitflow.engine.runs;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where an application keeps its user data on each system: the XDG base directory specification on Linux and
 * other Unix systems ({@code $XDG_DATA_HOME}, used only when it is an absolute path, else {@code ~/.local/share}),
 * {@code ~/Library/Application Support} on macOS, {@code %LOCALAPPDATA%} (else {@code ~\AppData\Local}) on
 * Windows.
 */
final class UserDataFolder {
    private UserDataFolder() {
    }

    /**
     * @param osName {@code os.name}
     * @param env    the environment
     * @param home   {@code user.home}
     */
    static Path of(String osName, Map<String, String> env, String home) {
        String os = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            String local = env.get("LOCALAPPDATA");
            return local != null && !local.isBlank() ? Path.of(local) : Path.of(home, "AppData", "Local");
        }
        if (os.startsWith("mac")) {
            return Path.of(home, "Library", "Application Support");
        }
        String xdg = env.get("XDG_DATA_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg);
        }
        return Path.of(home, ".local", "share");
    }
}
