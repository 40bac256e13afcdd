package dev.bitflow.engine.api;

import java.util.ServiceLoader;

/**
 * Creates an {@link Engine}. The engine module registers its implementation with {@link ServiceLoader}, so
 * entry points reach the engine through this API type only. Each entry point creates one engine in its
 * composition root; there is no global instance.
 */
public interface EngineProvider {
    Engine create(PluginCatalog plugins);

    /** The engine implementation on the classpath; fails clearly when the engine module is missing. */
    static EngineProvider load() {
        return ServiceLoader.load(EngineProvider.class).findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "no BitFlow engine on the classpath (bitflow-engine jar missing)"));
    }
}
