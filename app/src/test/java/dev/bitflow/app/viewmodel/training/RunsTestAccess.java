package dev.bitflow.app.viewmodel.training;

import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.runs.RunSettings;
import java.time.Instant;

/** For tests in other packages: a run as Start makes it, without training it. */
public final class RunsTestAccess {
    private RunsTestAccess() {
    }

    public static TrainingRun begin(RunsViewModel runs, String name, NetworkDefinition definition, RunSettings settings) {
        return runs.begin(name, definition, settings, Instant.now());
    }
}
