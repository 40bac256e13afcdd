package dev.bitflow.app.cli;

import picocli.CommandLine.Mixin;

/**
 * {@code MODEL [--data DIR|mini] [--limit N]}: what the report commands (verify, sf-report, activations) read,
 * as one picocli mixin.
 */
final class ModelOnTestSetOptions {
    @Mixin
    ModelFileParameter model;

    @Mixin
    DataOption data;

    @Mixin
    TestLimitOption limit;
}
