package dev.bitflow.engine.api;

/**
 * One plugin service found by the plugin host.
 *
 * @param id          the service's own id, for example {@code fashion-mnist}
 * @param kind        the service kind, for example {@code dataset}
 * @param name        a human-readable name
 * @param description what it provides
 * @param source      where it was found: {@code classpath} or the jar's path
 * @param builtIn     true for the plugins that ship with the workbench
 */
public record PluginInfo(String id, String kind, String name, String description, String source, boolean builtIn) {
}
