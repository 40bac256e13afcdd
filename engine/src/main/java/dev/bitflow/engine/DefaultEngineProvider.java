package dev.bitflow.engine;

import dev.bitflow.engine.api.Engine;
import dev.bitflow.engine.api.EngineProvider;
import dev.bitflow.engine.api.PluginCatalog;

/** Registered with ServiceLoader; creates the engine for an entry point's composition root. */
public final class DefaultEngineProvider implements EngineProvider {
    @Override
    public Engine create(PluginCatalog plugins) {
        return new DefaultEngine(plugins);
    }
}
