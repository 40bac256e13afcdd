package dev.bitflow.app.cli;

import java.util.List;

/**
 * The subcommands of {@code bitflow}, one class each, in the order {@code --help} lists them. Each class
 * has a constructor taking {@link CliContext}.
 */
final class CliCommands {
    private CliCommands() {
    }

    static List<Class<?>> all() {
        return List.of(
                InspectCommand.class,
                CheckCommand.class,
                PluginsCommand.class,
                BenchCommand.class,
                TrainCommand.class,
                EvalCommand.class,
                FuseCommand.class,
                VerifyCommand.class,
                SfReportCommand.class,
                ActivationsCommand.class,
                ExportCommand.class,
                ImportCommand.class,
                ReportCommand.class
        );
    }
}
