package dev.bitflow.engine.api.data;

/**
 * The published split of a data set, as the app and the command line name it. (Plugins use
 * {@code engine.spi.Split}, which has the same constants; the engine maps one to the other.)
 */
public enum DataSplit {
    TRAIN,
    TEST
}
