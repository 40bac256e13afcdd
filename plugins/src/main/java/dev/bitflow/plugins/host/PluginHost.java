package dev.bitflow.plugins.host;

import dev.bitflow.engine.api.PluginCatalog;
import dev.bitflow.engine.api.PluginInfo;
import dev.bitflow.engine.api.PluginProblem;
import dev.bitflow.engine.spi.DatasetProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** Discovers {@code engine.spi} services with {@link ServiceLoader}. */
public final class PluginHost implements PluginCatalog {
    private final List<PluginInfo> plugins = new ArrayList<>();
    private final List<PluginProblem> problems = new ArrayList<>();
    private final List<DatasetProvider> datasets = new ArrayList<>();

    private PluginHost() {
    }

    /** Discovers the plugins visible to {@code loader}. */
    public static PluginHost discover(ClassLoader loader) {
        PluginHost host = new PluginHost();
        try {
            for (DatasetProvider provider : ServiceLoader.load(DatasetProvider.class, loader)) {
                host.datasets.add(provider);
                host.plugins.add(new PluginInfo(provider.id(), "dataset", provider.displayName(),
                        provider.description(), "classpath", true));
            }
        } catch (ServiceConfigurationError e) {
            host.problems.add(new PluginProblem("classpath", e.getMessage()));
        }
        return host;
    }

    @Override
    public List<PluginInfo> plugins() {
        return List.copyOf(plugins);
    }

    @Override
    public List<PluginProblem> problems() {
        return List.copyOf(problems);
    }

    @Override
    public <T> List<T> services(Class<T> spiType) {
        if (spiType == DatasetProvider.class) {
            return datasets.stream().map(spiType::cast).toList();
        }
        return List.of();
    }
}
