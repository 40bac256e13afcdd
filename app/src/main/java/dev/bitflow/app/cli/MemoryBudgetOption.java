package dev.bitflow.app.cli;

import dev.bitflow.engine.api.Engine;
import dev.bitflow.engine.api.memory.MemoryBudget;
import picocli.CommandLine.Option;

/** The {@code --memory-budget SIZE} option of the commands that refuse work past the memory budget (a picocli mixin). */
final class MemoryBudgetOption {
    @Option(names = "--memory-budget", paramLabel = "SIZE",
            description = "memory this command may use, e.g. 6g or 512m (default: three quarters of the machine's "
                    + "memory; also -D" + MemoryBudget.PROPERTY + " or " + MemoryBudget.ENV + ")")
    String size;

    /** Sets the engine's budget when the option was given. */
    void apply(Engine engine) {
        if (size != null) {
            engine.memory().setBudget(MemoryBudget.parse(size, "--memory-budget " + size));
        }
    }
}
