package dev.bitflow.app;

import dev.bitflow.app.cli.BitflowCli;
import dev.bitflow.app.cli.CliContext;
import dev.bitflow.engine.api.Engine;
import dev.bitflow.engine.api.EngineProvider;
import dev.bitflow.plugins.host.PluginHost;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javafx.application.Application;

/**
 * The one entry point ({@code ./bitflow}): no arguments or {@code gui ...} start the workbench window,
 * anything else runs the command line. A plain main class (it does not extend {@link Application}) so
 * JavaFX can run from the classpath.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        if (args.length == 0 || args[0].equals("gui")) {
            String[] guiArgs = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
            if (Arrays.asList(guiArgs).contains("--screenshots") && System.getenv("DISPLAY") == null) {
                useHeadlessToolkit();
            }
            Application.launch(WorkbenchApplication.class, guiArgs);
            return;
        }
        System.exit(runCli(args));
    }

    /** Without a display, screenshots render with the headless Monocle platform and the software pipeline. */
    private static void useHeadlessToolkit() {
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        System.setProperty("prism.order", "sw");
        System.setProperty("prism.text", "t2k");
        System.setProperty("java.awt.headless", "true");
    }

    /** The command line's composition root. */
    static int runCli(String[] args) {
        PluginHost plugins = PluginHost.discover(Launcher.class.getClassLoader());
        Engine engine = EngineProvider.load().create(plugins);
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        return new BitflowCli(new CliContext(engine, out, err)).execute(args);
    }
}
