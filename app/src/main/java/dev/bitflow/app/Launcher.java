package dev.bitflow.app;

import dev.bitflow.app.cli.BitflowCli;
import dev.bitflow.app.cli.CliContext;
import dev.bitflow.app.cli.ConsoleWriter;
import dev.bitflow.app.service.CrashLog;
import dev.bitflow.app.service.UserFolders;
import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.BuildInfo;
import dev.bitflow.engine.api.EngineProvider;
import dev.bitflow.plugins.host.PluginHost;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javafx.application.Application;

/**
 * The one entry point ({@code ./bitflow}): no arguments open the workbench window (the {@code gui} command),
 * anything else runs the command line. A plain main class (it does not extend {@link Application}) so JavaFX
 * can run from the classpath.
 */
public final class Launcher {
    /** Set by the {@code bitflow} script when stderr is a terminal ({@code [ -t 2 ]}). */
    static final String STDERR_IS_TERMINAL = "bitflow.stderrIsTerminal";

    private Launcher() {
    }

    public static void main(String[] args) {
        System.exit(runCli(args.length == 0 ? new String[] {"gui"} : args));
    }

    /** The command line's composition root; the engine is created only when a command needs it. */
    static int runCli(String[] args) {
        ConsoleWriter out = ConsoleWriter.escaping(new PrintWriter(System.out, true, StandardCharsets.UTF_8));
        ConsoleWriter err = ConsoleWriter.escaping(new PrintWriter(System.err, true, StandardCharsets.UTF_8));
        CliContext context = new CliContext(
                () -> EngineProvider.load().create(PluginHost.discover(Launcher.class.getClassLoader())), out, err,
                stderrIsTerminal());
        CrashLog crashLog = new CrashLog(UserFolders.ofThisUser().logs(), BuildInfo.version());
        return new BitflowCli(context, Launcher::openWindow, crashLog).execute(args);
    }

    /** The script knows whether stderr is a terminal; started otherwise, a console means an interactive session. */
    private static boolean stderrIsTerminal() {
        String v = System.getProperty(STDERR_IS_TERMINAL);
        return v != null ? Boolean.parseBoolean(v) : System.console() != null;
    }

    /** Opens the window (blocks until it closes); screenshots without a display render headless. */
    private static int openWindow(List<String> windowArgs) {
        if (windowArgs.contains("--screenshots") && System.getenv("DISPLAY") == null) {
            useHeadlessToolkit();
        }
        try {
            Application.launch(WorkbenchApplication.class, windowArgs.toArray(String[]::new));
        } catch (UnsupportedOperationException e) {
            if (String.valueOf(e.getMessage()).contains("DISPLAY")) { // GTK found no X server at $DISPLAY
                throw new BadInputException("cannot open the display '" + System.getenv("DISPLAY")
                        + "': no X server answers there");
            }
            throw e;
        }
        return BitflowCli.EXIT_OK;
    }

    /** Without a display, screenshots render with the headless Monocle platform and the software pipeline. */
    private static void useHeadlessToolkit() {
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        System.setProperty("prism.order", "sw");
        System.setProperty("prism.text", "t2k");
        System.setProperty("java.awt.headless", "true");
    }
}
