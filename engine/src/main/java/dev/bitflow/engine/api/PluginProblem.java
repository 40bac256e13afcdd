package dev.bitflow.engine.api;

/** A plugin that could not be loaded: where it came from and why, in words a user can act on. */
public record PluginProblem(String source, String message) {
}
