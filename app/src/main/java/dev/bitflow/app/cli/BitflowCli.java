package dev.bitflow.app.cli;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.CancelledException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code bitflow} command line. Exit codes: 0 success, 1 a check failed (for example verify found a
 * mismatch) or an internal error, 2 bad input (message on stderr), 130 cancelled.
 */
public final class BitflowCli {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_BAD_INPUT = 2;
    public static final int EXIT_CANCELLED = 130;
    /** The workbench version the command line reports and writes into reports. */
    public static final String VERSION = "0.1.0";

    private final CliContext context;

    public BitflowCli(CliContext context) {
        this.context = context;
    }

    @Command(name = "bitflow", mixinStandardHelpOptions = true, version = "BitFlow Workbench " + VERSION,
            description = "Build, train, fuse (BatchShift), verify and inspect fully binarized CNNs.",
            subcommands = {CommandLine.HelpCommand.class})
    static final class Root {
    }

    /** Runs one command line and returns its exit code. */
    public int execute(String... args) {
        CommandLine cli = new CommandLine(new Root(), new ContextFactory(context));
        for (Object sub : CliCommands.all()) {
            cli.addSubcommand(sub);
        }
        cli.setOut(context.out());
        cli.setErr(context.err());
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof BadInputException) {
                cmd.getErr().println("error: " + ex.getMessage());
                return EXIT_BAD_INPUT;
            }
            if (ex instanceof CancelledException) {
                cmd.getErr().println("cancelled");
                return EXIT_CANCELLED;
            }
            cmd.getErr().println("internal error: " + ex);
            ex.printStackTrace(cmd.getErr());
            return EXIT_FAILED;
        });
        cli.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("error: " + ex.getMessage());
            ex.getCommandLine().usage(ex.getCommandLine().getErr());
            return EXIT_BAD_INPUT;
        });
        int code = cli.execute(args);
        context.out().flush();
        context.err().flush();
        return code;
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
