package dev.bitflow.app.cli;

import picocli.CommandLine.Option;

/** The {@code --format table|json} option of the commands that print a report (a picocli mixin). */
final class TableOrJsonOption {
    @Option(names = "--format", paramLabel = "table|json", defaultValue = "table",
            description = "output format: table (default) or json")
    String format;

    /** The chosen format; anything else is bad input naming the allowed values. */
    OutputFormat value() {
        return OutputFormat.parse(format, OutputFormat.TABLE, OutputFormat.JSON);
    }
}
