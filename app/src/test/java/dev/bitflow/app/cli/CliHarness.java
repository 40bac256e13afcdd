package dev.bitflow.app.cli;

import dev.bitflow.app.service.CrashLog;
import dev.bitflow.engine.api.Engine;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/** Runs command lines in this JVM the way the launcher does, capturing stdout and stderr (test fixture). */
final class CliHarness {
    private final Supplier<Engine> engine;
    private final boolean errIsTerminal;
    private final Path crashLogs;
    private final Map<String, String> env;
    private final GuiStarter gui;
    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    CliHarness(Supplier<Engine> engine, boolean errIsTerminal, Path crashLogs, Map<String, String> env, GuiStarter gui) {
        this.engine = engine;
        this.errIsTerminal = errIsTerminal;
        this.crashLogs = crashLogs;
        this.env = env;
        this.gui = gui;
    }

    /** Stderr not a terminal, no display, no window. */
    CliHarness(Engine engine, Path crashLogs) {
        this(() -> engine, false, crashLogs, Map.of(), args -> {
            throw new AssertionError("no window in this test");
        });
    }

    int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CliContext context = new CliContext(engine, ConsoleWriter.escaping(new PrintWriter(out)),
                ConsoleWriter.escaping(new PrintWriter(err)), errIsTerminal);
        return new BitflowCli(context, gui, new CrashLog(crashLogs, "test"), env, "Linux").execute(args);
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }
}
