package dev.bitflow.engine.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the plugin host found: the plugins, the ones that failed to load, and the service instances by SPI
 * type. The app and the CLI hand it to {@link EngineProvider#create(PluginCatalog)} without naming any SPI
 * type themselves.
 */
public interface PluginCatalog {
    List<PluginInfo> plugins();

    List<PluginProblem> problems();

    /** The loaded instances of an SPI type ({@code dev.bitflow.engine.spi}), in discovery order. */
    <T> List<T> services(Class<T> spiType);

    /** The folder of plugin jars that was searched, if any (for listings and help texts). */
    default Optional<Path> pluginsFolder() {
        return Optional.empty();
    }
}
