package dev.bitflow.app.cli;

import picocli.CommandLine.Option;

/** The {@code --limit} option of the commands that run over the test set (a picocli mixin). */
final class TestLimitOption {
    @Option(names = "--limit", paramLabel = "N", defaultValue = "0", converter = Counts.NonNegative.class,
            description = "only the first N test examples (0: all)")
    int limit;

    /** The number of test examples to use, 0 for all. */
    int value() {
        return limit;
    }
}
