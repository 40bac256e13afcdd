package dev.bitflow.engine.api.data;

/**
 * Whether a data set can be read at one location, and how big its splits are there.
 *
 * @param location   the location ({@code mini}, {@code standard} or a folder)
 * @param available  true when all files are present
 * @param trainCount examples in the training split, or -1 when not available
 * @param testCount  examples in the test split, or -1 when not available
 * @param help       when not available: where the plugin looks and how to get the data; empty otherwise
 */
public record LocationStatus(DataLocation location, boolean available, int trainCount, int testCount, String help) {
}
