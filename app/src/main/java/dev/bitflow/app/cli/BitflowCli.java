package dev.bitflow.app.cli;

import dev.bitflow.app.service.CrashLog;
import dev.bitflow.app.service.UserFolders;
import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.BuildInfo;
import dev.bitflow.engine.api.CancelledException;
import dev.bitflow.engine.api.DisplayText;
import dev.bitflow.engine.api.training.TrainingFailedException;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code bitflow} command line. Exit codes: 0 success, 1 a check failed (for example verify found a
 * mismatch), 2 bad input (the message on stderr names the file, field or option), 70 an internal error (a bug:
 * one line on stderr names the error report holding the stack trace), 130 cancelled. No stack trace is ever
 * printed.
 */
public final class BitflowCli {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_BAD_INPUT = 2;
    /** An internal error (EX_SOFTWARE of sysexits.h): a bug, reported in a file. */
    public static final int EXIT_INTERNAL_ERROR = 70;
    public static final int EXIT_CANCELLED = 130;

    private final CliContext context;
    private final GuiStarter gui;
    private final CrashLog crashLog;
    private final Map<String, String> env;
    private final String osName;

    /** A command line whose {@code gui} command cannot open a window (tests, tools). */
    public BitflowCli(CliContext context) {
        this(context, args -> {
            throw new BadInputException("this build of the command line has no workbench window");
        }, new CrashLog(UserFolders.ofThisUser().logs(), BuildInfo.version()));
    }

    /**
     * @param gui      opens the window for {@code bitflow gui}
     * @param crashLog where internal errors are reported
     */
    public BitflowCli(CliContext context, GuiStarter gui, CrashLog crashLog) {
        this(context, gui, crashLog, System.getenv(), System.getProperty("os.name", ""));
    }

    /** With the environment and operating system {@code gui} judges the display by (tests). */
    BitflowCli(CliContext context, GuiStarter gui, CrashLog crashLog, Map<String, String> env, String osName) {
        this.context = context;
        this.gui = gui;
        this.crashLog = crashLog;
        this.env = Map.copyOf(env);
        this.osName = osName;
    }

    @Command(name = "bitflow", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Build, train, fuse (BatchShift), verify and inspect fully binarized CNNs. "
                    + "Without a command: the workbench window.",
            subcommands = {CommandLine.HelpCommand.class})
    static final class Root {
    }

    /**
     * {@code --version}: the build's version ({@link BuildInfo}), the Java runtime and the native ND4J build the
     * float ops run on (chosen for this CPU; naming it does not load ND4J).
     */
    static final class Version implements CommandLine.IVersionProvider {
        private final CliContext context;

        Version(CliContext context) {
            this.context = context;
        }

        @Override
        public String[] getVersion() {
            return new String[] {"BitFlow Workbench " + BuildInfo.version(),
                    "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")",
                    DisplayText.escape(context.engine().nativeBackend().describe())};
        }
    }

    /** Runs one command line and returns its exit code. Never throws, never prints a stack trace. */
    public int execute(String... args) {
        int code;
        try {
            code = commandLine().execute(args);
        } catch (RuntimeException | Error e) { // outside a command: building the parser, printing help
            code = internalError(e, args);
        }
        context.out().flush();
        context.err().flush();
        return code;
    }

    private CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Root(), new ContextFactory(context));
        cli.addSubcommand(new GuiCommand(gui, env, osName));
        for (Object sub : CliCommands.all()) {
            cli.addSubcommand(sub);
        }
        cli.addSubcommand(CompletionCommand.class);
        cli.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setOut(context.out());
        cli.setErr(context.err());
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof BadInputException || ex instanceof TrainingFailedException) {
                cmd.getErr().println("error: " + ex.getMessage());
                return EXIT_BAD_INPUT;
            }
            if (ex instanceof CancelledException) {
                cmd.getErr().println("cancelled");
                return EXIT_CANCELLED;
            }
            return internalError(ex, parsed.originalArgs().toArray(String[]::new));
        });
        cli.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("error: " + ex.getMessage());
            ex.getCommandLine().usage(ex.getCommandLine().getErr());
            return EXIT_BAD_INPUT;
        });
        return cli;
    }

    /** One line naming the failure and the report file; the trace goes only to the file. */
    private int internalError(Throwable e, String[] args) {
        context.err().println(crashLog.reportLine(e, "bitflow " + String.join(" ", args)));
        return EXIT_INTERNAL_ERROR;
    }

    /** Gives every command class a constructor argument of type {@link CliContext} when it asks for one. */
    private static final class ContextFactory implements CommandLine.IFactory {
        private final CliContext context;
        private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

        ContextFactory(CliContext context) {
            this.context = context;
        }

        @Override
        public <K> K create(Class<K> cls) throws Exception {
            try {
                return cls.getDeclaredConstructor(CliContext.class).newInstance(context);
            } catch (NoSuchMethodException e) {
                return fallback.create(cls);
            }
        }
    }
}
