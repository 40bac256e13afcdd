package dev.bitflow.app.cli;

import dev.bitflow.engine.api.BadInputException;
import picocli.CommandLine.Option;

/** The {@code --limit} option of the commands that run over the test set (a picocli mixin). */
final class TestLimitOption {
    @Option(names = "--limit", paramLabel = "N", defaultValue = "0", description = "only the first N test examples (0: all)")
    int limit;

    /** The number of test examples to use, 0 for all; a negative value is bad input. */
    int value() {
        if (limit < 0) {
            throw new BadInputException("--limit must be >= 0, was " + limit);
        }
        return limit;
    }
}
