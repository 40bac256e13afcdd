package dev.bitflow.app.cli;

import picocli.CommandLine.Option;

/** The {@code --format table|json} option of the commands that print a report (a picocli mixin). */
final class TableOrJsonOption {
    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            converter = OutputFormat.TableOrJson.class, completionCandidates = OutputFormat.TableOrJson.class,
            description = "output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    OutputFormat format;

    /** The chosen format. */
    OutputFormat value() {
        return format;
    }
}
