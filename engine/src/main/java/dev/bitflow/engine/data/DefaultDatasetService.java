package dev.bitflow.engine.data;

import dev.bitflow.engine.api.PluginCatalog;
import dev.bitflow.engine.api.data.DatasetService;

/** Data sets from the plugin catalog and views over them. */
public final class DefaultDatasetService implements DatasetService {
    private final PluginCatalog plugins;

    public DefaultDatasetService(PluginCatalog plugins) {
        this.plugins = plugins;
    }

    PluginCatalog plugins() {
        return plugins;
    }
}
