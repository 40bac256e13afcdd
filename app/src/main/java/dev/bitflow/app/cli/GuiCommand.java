package dev.bitflow.app.cli;

import dev.bitflow.engine.api.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bitflow gui}: the workbench window (also what {@code bitflow} alone opens). Without a display (no
 * {@code DISPLAY} or {@code WAYLAND_DISPLAY} on Linux) it says so and exits with 2, unless it only renders
 * screenshots, which works headless.
 */
@Command(name = "gui", mixinStandardHelpOptions = true,
        description = {"Open the workbench window (what 'bitflow' without a command does).",
                "Needs a display, except with --screenshots, which renders headless."})
final class GuiCommand implements Callable<Integer> {
    private final GuiStarter starter;
    private final Map<String, String> env;
    private final String osName;

    @Option(names = "--screenshots", paramLabel = "DIR",
            description = "render every view, light and dark, to PNG files in DIR (created if missing) and exit; "
                    + "works without a display")
    Path screenshots;

    @Option(names = "--no-training", description = "with --screenshots: skip the short training run that gives "
            + "every view content")
    boolean noTraining;

    @Option(names = "--settings", paramLabel = "DIR", description = "settings folder (default: ~/.bitflow)")
    Path settings;

    @Option(names = "--workspace", paramLabel = "DIR",
            description = "folder of the training runs (default: the user's data folder, ~/.local/share/bitflow/runs "
                    + "on Linux)")
    Path workspace;

    @Option(names = "--model", paramLabel = "FILE.bfm",
            description = "the trained model the analysis views open (default: the bundled fashion-bcnn)")
    Path model;

    GuiCommand(GuiStarter starter, Map<String, String> env, String osName) {
        this.starter = starter;
        this.env = Map.copyOf(env);
        this.osName = osName.toLowerCase(Locale.ROOT);
    }

    @Override
    public Integer call() {
        if (screenshots == null && !hasDisplay()) {
            throw new BadInputException("no display: the workbench window needs a graphical session (neither DISPLAY"
                    + " nor WAYLAND_DISPLAY is set); 'bitflow gui --screenshots DIR' renders the views without one");
        }
        List<String> args = new ArrayList<>();
        if (screenshots != null) {
            args.addAll(List.of("--screenshots", screenshots.toString()));
        }
        if (noTraining) {
            args.add("--no-training");
        }
        if (settings != null) {
            args.addAll(List.of("--settings", settings.toString()));
        }
        if (workspace != null) {
            args.addAll(List.of("--workspace", workspace.toString()));
        }
        if (model != null) {
            args.addAll(List.of("--model", model.toString()));
        }
        return starter.start(args);
    }

    /** Windows and macOS always have one; elsewhere X11 or Wayland must be named in the environment. */
    boolean hasDisplay() {
        if (osName.startsWith("windows") || osName.startsWith("mac")) {
            return true;
        }
        return !env.getOrDefault("DISPLAY", "").isBlank() || !env.getOrDefault("WAYLAND_DISPLAY", "").isBlank();
    }
}
